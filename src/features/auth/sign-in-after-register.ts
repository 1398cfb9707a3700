import { signIn } from "next-auth/react";

/**
 * Signs a freshly registered account in. Returns null on success, or the message to show: the account
 * exists by then, so the person is told to sign in themselves rather than to register again.
 */
export async function signInAfterRegister(
  accountKind: "user" | "admin",
  credentials: { email: string; password: string },
): Promise<string | null> {
  const result = await signIn("credentials", {
    redirect: false,
    email: credentials.email,
    password: credentials.password,
    accountKind,
    rememberMe: "false",
  });
  if (result?.ok && !result.error) return null;
  return `Your account was created, but signing in failed: ${result?.error ?? "unknown error"}. Please sign in.`;
}

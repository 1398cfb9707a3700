import { getEnv } from "@/env";
import { AppError } from "@/server/errors";

/**
 * Turnstile's and hCaptcha's siteverify: POST secret + response (+ remoteip) as a form, answer `{ success }`. Both
 * speak the same shape, so one call serves both. A provider that cannot be reached refuses the submission (503).
 */
export async function verifyCaptcha(provider: "turnstile" | "hcaptcha", secret: string, token: string | null | undefined, ip: string): Promise<void> {
  if (!token) throw AppError.field("captchaToken", "Please complete the check that you are not a robot.");
  const url = provider === "turnstile" ? getEnv().TURNSTILE_VERIFY_URL : getEnv().HCAPTCHA_VERIFY_URL;
  let body: { success?: unknown };
  try {
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ secret, response: token, remoteip: ip }),
      signal: AbortSignal.timeout(5_000),
    });
    body = (await response.json()) as { success?: unknown };
  } catch {
    throw new AppError("SERVICE_UNAVAILABLE", "The check that you are not a robot could not be verified. Try again in a moment.", { retryAfterSeconds: 5 });
  }
  if (body.success !== true) throw AppError.field("captchaToken", "The check that you are not a robot failed. Please try it again.");
}

import { createHash } from "node:crypto";
import { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";

// A queue namespace of this file's own and the real worker in this process: emails are sent by the send-email job.
const { setUpTestWorker } = await import("../support/worker-harness");
const { unsafeDb } = await import("@/server/db/client");
const { signInWithPassword } = await import("@/server/services/auth/sign-in-with-password");
const { createSession } = await import("@/server/auth/sessions");
const { listMailbox, devMailboxEnabled } = await import("@/server/services/dev-mailbox/list-mailbox");
const { EMAIL_LINK_ANSWER, EMAIL_NOT_VERIFIED, REGISTER_ANSWER } = await import("@/schemas/auth");
const { anonymousCaller, createUser, createWorkspace, requestContext, TEST_PASSWORD, uniqueEmail } = await import("../support/factories");

setUpTestWorker();

const codeOf = (e: unknown) => (e instanceof TRPCError ? e.code : String(e));
const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");

/** The newest email to `to` whose subject matches, once the worker has delivered it to the local outbox. */
async function mailTo(to: string, subject: RegExp, after = 0): Promise<{ text: string; link: string | null; id: number }> {
  for (;;) {
    const found = (await listMailbox(50, to)).find((m) => subject.test(m.subject) && Number(m.id) > after);
    if (found) return { text: found.text, link: /(https?:\/\/\S+)/.exec(found.text)?.[1] ?? null, id: Number(found.id) };
    await new Promise((r) => setImmediate(r));
  }
}
const tokenOf = (link: string | null) => new URL(link!).searchParams.get("token")!;
const signIn = (email: string, password = TEST_PASSWORD) =>
  signInWithPassword(requestContext(), { email, password, accountKind: "user", rememberMe: false });

// Each case runs a dozen bcrypt hashes and compares (~0.2 s of CPU each, several seconds on a busy machine).
describe("sign-up reveals nothing and needs a verified email", { timeout: 120_000 }, () => {
  it("answers the same for a new and an existing email; the new account works only after its link", async () => {
    const ws = await createWorkspace();
    const existing = await createUser({ subAccountId: ws.id });
    const email = uniqueEmail("newcomer");
    const caller = await anonymousCaller();

    const forNew = await caller.auth.register({ name: "Nina", email, password: TEST_PASSWORD });
    const forExisting = await caller.auth.register({ name: "Mallory", email: existing.email, password: "mallory-pass-1" });
    expect(forNew).toEqual({ message: REGISTER_ANSWER });
    expect(forExisting).toEqual(forNew);

    // The existing account is untouched, and its owner is told someone tried.
    const after = await unsafeDb.user.findUniqueOrThrow({ where: { id: existing.id } });
    expect(after.name).toBe("Test User");
    await expect(signIn(existing.email, "mallory-pass-1")).rejects.toThrow(/Invalid email or password/);
    const warning = await mailTo(existing.email, /tried to sign up/);
    expect(warning.text).toContain("/forgot-password");

    // The new account cannot sign in yet; only the right password learns why.
    const row = await unsafeDb.user.findUniqueOrThrow({ where: { email } });
    expect(row.emailVerifiedAt).toBeNull();
    await expect(signIn(email, "wrong-password-1")).rejects.toThrow(/Invalid email or password/);
    await expect(signIn(email)).rejects.toThrow(EMAIL_NOT_VERIFIED);
    expect(await unsafeDb.authSession.count({ where: { userId: row.id } })).toBe(0);

    const mail = await mailTo(email, /Confirm your email/);
    expect(mail.link).toMatch(/\/verify-email\?token=/);
    const token = tokenOf(mail.link);
    // Only the token's hash is stored.
    const stored = await unsafeDb.accountToken.findFirstOrThrow({ where: { userId: row.id, purpose: "verify_email" } });
    expect(stored.tokenHash).toBe(sha256(token));
    expect(stored.tokenHash).not.toContain(token);

    expect(await caller.auth.verifyEmail({ token })).toEqual({ email });
    const session = await signIn(email);
    expect(session.accountId).toBe(row.id);
    // The verified newcomer leaves the onboarding workspace for their own (their emails stay behind, unlinked).
    const { signedInCaller } = await import("../support/factories");
    const { caller: newcomer } = await signedInCaller({ kind: "user", id: row.id });
    await newcomer.onboarding.createWorkspace({ name: `Nina's practice ${row.id}` });
    expect((await unsafeDb.user.findUniqueOrThrow({ where: { id: row.id } })).subAccountId).not.toBe(1);
    // A link works once.
    expect(codeOf(await caller.auth.verifyEmail({ token }).catch((e) => e))).toBe("BAD_REQUEST");
    const audit = await unsafeDb.auditLog.findMany({ where: { OR: [{ actorUserId: row.id }, { targetId: String(existing.id) }] } });
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(["auth.register", "auth.email_verified", "auth.register_existing_email"]));
  });

  it("signing up again before verifying replaces the pending password, and only the newest link works", async () => {
    const email = uniqueEmail("squatted");
    const caller = await anonymousCaller();
    await caller.auth.register({ name: "Squatter", email, password: "squatter-pass-1" });
    const first = await mailTo(email, /Confirm your email/);
    await caller.auth.register({ name: "Owner", email, password: TEST_PASSWORD });
    const second = await mailTo(email, /Confirm your email/, first.id);
    expect(codeOf(await caller.auth.verifyEmail({ token: tokenOf(first.link) }).catch((e) => e))).toBe("BAD_REQUEST");
    await caller.auth.verifyEmail({ token: tokenOf(second.link) });
    await expect(signIn(email, "squatter-pass-1")).rejects.toThrow(/Invalid email or password/);
    expect((await signIn(email)).accountId).toBeGreaterThan(0);
    expect((await unsafeDb.user.findUniqueOrThrow({ where: { email } })).name).toBe("Owner");
  });

  it("sends a new verification link only to an unverified account, with one answer for every email", async () => {
    const ws = await createWorkspace();
    const verified = await createUser({ subAccountId: ws.id });
    const email = uniqueEmail("pending");
    const caller = await anonymousCaller();
    await caller.auth.register({ name: "Pat", email, password: TEST_PASSWORD });
    const first = await mailTo(email, /Confirm your email/);

    for (const address of [email, verified.email, uniqueEmail("nobody")]) {
      expect(await (await anonymousCaller()).auth.resendVerification({ email: address })).toEqual({ message: EMAIL_LINK_ANSWER });
    }
    const again = await mailTo(email, /Confirm your email/, first.id);
    await caller.auth.verifyEmail({ token: tokenOf(again.link) });
    expect(await listMailbox(50, verified.email)).toEqual([]);
  });
});

describe("forgot password", { timeout: 120_000 }, () => {
  it("answers the same for unknown emails, resets once within 30 minutes, ends every session and is audited", async () => {
    const ws = await createWorkspace();
    const user = await createUser({ subAccountId: ws.id });
    const sessions = [await createSession({ kind: "user", id: user.id }, { rememberMe: false }), await createSession({ kind: "user", id: user.id }, { rememberMe: true })];
    const caller = await anonymousCaller();

    const known = await caller.auth.requestPasswordReset({ email: user.email.toUpperCase() });
    const unknown = await (await anonymousCaller()).auth.requestPasswordReset({ email: uniqueEmail("nobody") });
    expect(known).toEqual({ message: EMAIL_LINK_ANSWER });
    expect(unknown).toEqual(known);

    const mail = await mailTo(user.email, /Reset your Loctelli password/);
    expect(mail.link).toMatch(/\/reset-password\?token=/);
    const token = tokenOf(mail.link);
    const stored = await unsafeDb.accountToken.findFirstOrThrow({ where: { userId: user.id, purpose: "reset_password" } });
    expect(stored.tokenHash).toBe(sha256(token));
    const ttl = stored.expiresAt.getTime() - stored.createdAt.getTime();
    expect(ttl).toBe(30 * 60_000);

    // A refused new password (one of the last five) leaves the link usable.
    const reused = await caller.auth.resetPassword({ token, newPassword: TEST_PASSWORD }).catch((e) => e);
    expect(codeOf(reused)).toBe("BAD_REQUEST");
    expect((reused as TRPCError).message).toMatch(/not used recently/);

    expect(await caller.auth.resetPassword({ token, newPassword: "brand-new-pass-7" })).toEqual({ sessionsEnded: 2 });
    const ended = await unsafeDb.authSession.findMany({ where: { id: { in: sessions.map((s) => s.sessionId) } } });
    expect(ended.every((s) => s.revokedReason === "password_reset")).toBe(true);
    await expect(signIn(user.email)).rejects.toThrow(/Invalid email or password/);
    expect((await signIn(user.email, "brand-new-pass-7")).accountId).toBe(user.id);

    // Single use.
    expect(codeOf(await caller.auth.resetPassword({ token, newPassword: "another-pass-8" }).catch((e) => e))).toBe("BAD_REQUEST");
    const audit = await unsafeDb.auditLog.findFirstOrThrow({ where: { action: "auth.password_reset", actorUserId: user.id } });
    expect(audit.changes).toEqual({ sessionsEnded: 2 });
    expect(audit.subAccountId).toBe(ws.id);
  });

  it("refuses a link past its 30 minutes", async () => {
    const ws = await createWorkspace();
    const user = await createUser({ subAccountId: ws.id });
    const caller = await anonymousCaller();
    await caller.auth.requestPasswordReset({ email: user.email });
    const token = tokenOf((await mailTo(user.email, /Reset your Loctelli password/)).link);
    await unsafeDb.accountToken.updateMany({ where: { tokenHash: sha256(token) }, data: { expiresAt: new Date(Date.now() - 1) } });
    const err = await caller.auth.resetPassword({ token, newPassword: "brand-new-pass-7" }).catch((e) => e);
    expect(codeOf(err)).toBe("BAD_REQUEST");
    expect((err as TRPCError).message).toMatch(/not valid any more/);
    expect((await signIn(user.email)).accountId).toBe(user.id);
  });

  it("is rate limited per email (unknown ones too) and per client IP, on Redis", async () => {
    const nobody = uniqueEmail("nobody");
    for (let i = 0; i < 5; i++) await (await anonymousCaller()).auth.requestPasswordReset({ email: nobody });
    const perEmail = await (await anonymousCaller()).auth.requestPasswordReset({ email: nobody }).catch((e) => e);
    expect(codeOf(perEmail)).toBe("TOO_MANY_REQUESTS");
    expect((perEmail as TRPCError).message).toMatch(/Too many emails requested for this address/);

    const oneIp = await anonymousCaller({ "x-forwarded-for": "10.251.0.7" });
    for (let i = 0; i < 10; i++) await oneIp.auth.requestPasswordReset({ email: uniqueEmail("ip") });
    const perIp = await oneIp.auth.requestPasswordReset({ email: uniqueEmail("ip") }).catch((e) => e);
    expect(codeOf(perIp)).toBe("TOO_MANY_REQUESTS");
  });
});

describe("development mailbox", () => {
  const env = { NODE_ENV: "production" as const, DEV_MAILBOX: "false" as const, POSTMARK_API_KEY: undefined, TWILIO_ACCOUNT_SID: undefined, TWILIO_AUTH_TOKEN: undefined };

  it("exists in development or with DEV_MAILBOX=true, and never while a mail provider is configured", () => {
    expect(devMailboxEnabled(env)).toBe(false);
    expect(devMailboxEnabled({ ...env, DEV_MAILBOX: "true" })).toBe(true);
    expect(devMailboxEnabled({ ...env, NODE_ENV: "development" })).toBe(true);
    expect(devMailboxEnabled({ ...env, NODE_ENV: "development", POSTMARK_API_KEY: "server-token" })).toBe(false);
    expect(devMailboxEnabled({ ...env, DEV_MAILBOX: "true", POSTMARK_API_KEY: "server-token" })).toBe(false);
  });

  it("answers 404 on a production server without the flag", async () => {
    const { default: DevMailboxPage } = await import("@/app/dev/mailbox/page");
    const { resetEnvCache } = await import("@/env");
    const env = process.env as Record<string, string | undefined>;
    env.NODE_ENV = "production";
    resetEnvCache();
    try {
      const err = await DevMailboxPage().catch((e: unknown) => e);
      expect(String((err as { digest?: string }).digest)).toMatch(/404/);
      process.env.DEV_MAILBOX = "true";
      resetEnvCache();
      expect(await DevMailboxPage()).toBeTruthy();
    } finally {
      env.NODE_ENV = "test";
      delete process.env.DEV_MAILBOX;
      resetEnvCache();
    }
  });
});

import { describe, expect, it } from "vitest";
import { unsafeDb } from "@/server/db/client";
import { signInWithPassword, INVALID_CREDENTIALS } from "@/server/services/auth/sign-in-with-password";
import { createAdmin, createUser, createWorkspace, requestContext, TEST_PASSWORD, uniqueEmail, uniqueIp } from "../support/factories";

const MIN = 60_000;

async function fail(email: string, now: Date, ip = uniqueIp()) {
  return signInWithPassword(requestContext(ip), { email, password: "wrong-password", accountKind: "user", rememberMe: false }, now).then(
    () => {
      throw new Error("sign-in unexpectedly succeeded");
    },
    (e: Error) => e,
  );
}

async function lockFor(email: string) {
  return unsafeDb.accountLockout.findUnique({
    where: { subjectType_subject: { subjectType: "account", subject: `user:${email}` } },
  });
}

describe("sign-in lockouts", () => {
  it("escalate 5 -> 15 min, 10 -> 1 h, 15 -> 24 h, and refuse even the right password while locked", { timeout: 120_000 }, async () => {
    const ws = await createWorkspace();
    const user = await createUser({ subAccountId: ws.id });
    let now = new Date("2030-01-01T10:00:00Z");

    for (let i = 0; i < 4; i++) expect((await fail(user.email, now)).message).toBe(INVALID_CREDENTIALS);
    expect((await lockFor(user.email))?.lockedUntil).toBeNull();
    await fail(user.email, now); // 5th
    expect((await lockFor(user.email))?.lockedUntil?.getTime()).toBe(now.getTime() + 15 * MIN);

    const right = () =>
      signInWithPassword(requestContext(), { email: user.email, password: TEST_PASSWORD, accountKind: "user", rememberMe: false }, now);
    await expect(right()).rejects.toThrow(/Too many failed sign-in attempts/);

    now = new Date(now.getTime() + 16 * MIN); // first lock over; failures keep counting
    for (let i = 0; i < 5; i++) await fail(user.email, now);
    expect((await lockFor(user.email))?.failureCount).toBe(10);
    expect((await lockFor(user.email))?.lockedUntil?.getTime()).toBe(now.getTime() + 60 * MIN);

    now = new Date(now.getTime() + 61 * MIN);
    for (let i = 0; i < 5; i++) await fail(user.email, now);
    expect((await lockFor(user.email))?.lockedUntil?.getTime()).toBe(now.getTime() + 24 * 60 * MIN);
    await expect(right()).rejects.toThrow(/Try again in 1440 minutes/);

    const attempts = await unsafeDb.loginAttempt.count({ where: { email: user.email } });
    expect(attempts).toBe(17); // every attempt recorded, including the refused ones
  });

  it("gives the same answer for an unknown email and a wrong password, and locks unknown emails too", async () => {
    const ws = await createWorkspace();
    const user = await createUser({ subAccountId: ws.id });
    const now = new Date();
    const unknown = uniqueEmail("ghost");
    expect((await fail(unknown, now)).message).toBe((await fail(user.email, now)).message);
    for (let i = 0; i < 4; i++) await fail(unknown, now);
    expect((await fail(unknown, now)).message).toMatch(/Too many failed sign-in attempts/);
  });

  it("locks a client IP after 5 failures whatever the accounts", async () => {
    const ip = uniqueIp();
    const now = new Date();
    for (let i = 0; i < 5; i++) await fail(uniqueEmail("spray"), now, ip);
    const ws = await createWorkspace();
    const user = await createUser({ subAccountId: ws.id });
    await expect(
      signInWithPassword(requestContext(ip), { email: user.email, password: TEST_PASSWORD, accountKind: "user", rememberMe: false }, now),
    ).rejects.toThrow(/Too many failed sign-in attempts/);
  });

  it("clears the account counter on success and records the attempt", async () => {
    const ws = await createWorkspace();
    const user = await createUser({ subAccountId: ws.id });
    const now = new Date();
    for (let i = 0; i < 3; i++) await fail(user.email, now);
    const session = await signInWithPassword(requestContext(), { email: user.email, password: TEST_PASSWORD, accountKind: "user", rememberMe: true }, now);
    expect(session.sessionId).toBeTruthy();
    expect(await lockFor(user.email)).toBeNull();
    const row = await unsafeDb.authSession.findUniqueOrThrow({ where: { id: session.sessionId } });
    expect(row.expiresAt.getTime() - now.getTime()).toBe(30 * 24 * 60 * MIN); // remember me
    expect(await unsafeDb.loginAttempt.count({ where: { email: user.email, success: true } })).toBe(1);
  });

  it("signs in a platform admin (no email to verify)", async () => {
    const admin = await createAdmin();
    const session = await signInWithPassword(requestContext(), { email: admin.email, password: TEST_PASSWORD, accountKind: "admin", rememberMe: false });
    expect(await unsafeDb.authSession.findUniqueOrThrow({ where: { id: session.sessionId } })).toMatchObject({ accountKind: "admin", adminId: admin.id });
  });

  it("refuses a deactivated account after checking the password", async () => {
    const ws = await createWorkspace();
    const user = await createUser({ subAccountId: ws.id, isActive: false });
    await expect(
      signInWithPassword(requestContext(), { email: user.email, password: TEST_PASSWORD, accountKind: "user", rememberMe: false }),
    ).rejects.toThrow(/deactivated/);
  });
});

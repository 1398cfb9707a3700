import { describe, expect, it } from "vitest";
import { TRPCError } from "@trpc/server";
import type { JWT } from "next-auth/jwt";
import { unsafeDb } from "@/server/db/client";
import { createSession, REUSE_GRACE_MS, rotateRefreshToken, revokeSession } from "@/server/auth/sessions";
import { buildAuthOptions } from "@/server/auth/options";
import { createUser, createWorkspace, signedInCaller, TEST_PASSWORD } from "../support/factories";

const code = (e: unknown) => (e instanceof TRPCError ? e.code : String(e));

describe("server-side sessions", () => {
  it("rotates refresh tokens, and a reused token revokes the whole family", async () => {
    const ws = await createWorkspace();
    const user = await createUser({ subAccountId: ws.id });
    const t0 = new Date();
    const first = await createSession({ kind: "user", id: user.id }, { rememberMe: false }, t0);
    const second = await rotateRefreshToken(first.sessionId, first.refreshToken, new Date(t0.getTime() + 1_000));
    expect(second.refreshToken).not.toBe(first.refreshToken);
    const third = await rotateRefreshToken(first.sessionId, second.refreshToken, new Date(t0.getTime() + 2_000));

    // The first token again, well after the grace window: theft. The family dies, newest token included.
    const later = new Date(t0.getTime() + REUSE_GRACE_MS + 5_000);
    await expect(rotateRefreshToken(first.sessionId, first.refreshToken, later)).rejects.toThrow(/session has ended/);
    const session = await unsafeDb.authSession.findUniqueOrThrow({ where: { id: first.sessionId } });
    expect(session.revokedReason).toBe("refresh_token_reuse");
    await expect(rotateRefreshToken(first.sessionId, third.refreshToken, later)).rejects.toThrow(/session has ended/);
  });

  it("tolerates two tabs refreshing with the same token at the same moment", async () => {
    const ws = await createWorkspace();
    const user = await createUser({ subAccountId: ws.id });
    const s = await createSession({ kind: "user", id: user.id }, { rememberMe: false });
    const [a, b] = await Promise.all([rotateRefreshToken(s.sessionId, s.refreshToken), rotateRefreshToken(s.sessionId, s.refreshToken)]);
    expect(a.refreshToken).not.toBe(b.refreshToken);
    const row = await unsafeDb.authSession.findUniqueOrThrow({ where: { id: s.sessionId } });
    expect(row.revokedAt).toBeNull();
  });

  it("refuses a revoked session on its very next request", async () => {
    const ws = await createWorkspace();
    const user = await createUser({ subAccountId: ws.id });
    const { caller, session } = await signedInCaller({ kind: "user", id: user.id });
    expect((await caller.auth.me()).id).toBe(user.id);
    await revokeSession(session.sessionId, "signed_out");
    await expect(caller.auth.me()).rejects.toSatisfy((e) => code(e) === "UNAUTHORIZED");
  });

  it("ends a deactivated user's sessions at once", async () => {
    const ws = await createWorkspace();
    const user = await createUser({ subAccountId: ws.id });
    const { caller } = await signedInCaller({ kind: "user", id: user.id });
    await caller.workspace.current();
    await unsafeDb.user.update({ where: { id: user.id }, data: { isActive: false } });
    await expect(caller.workspace.current()).rejects.toSatisfy((e) => code(e) === "UNAUTHORIZED");
  });

  it("ends every session when the password changes, and refuses the last 5 passwords", async () => {
    const ws = await createWorkspace();
    const user = await createUser({ subAccountId: ws.id });
    const { caller } = await signedInCaller({ kind: "user", id: user.id });
    const { caller: otherDevice } = await signedInCaller({ kind: "user", id: user.id });
    await expect(caller.auth.changePassword({ currentPassword: TEST_PASSWORD, newPassword: TEST_PASSWORD })).rejects.toThrow(
      /not used recently/,
    );
    const result = await caller.auth.changePassword({ currentPassword: TEST_PASSWORD, newPassword: "A-brand-new-passphrase-1" });
    expect(result.sessionsEnded).toBe(2);
    await expect(otherDevice.auth.me()).rejects.toSatisfy((e) => code(e) === "UNAUTHORIZED");
    await expect(caller.auth.me()).rejects.toSatisfy((e) => code(e) === "UNAUTHORIZED");
  });

  it("refuses an expired access window until the client renews it", async () => {
    const ws = await createWorkspace();
    const user = await createUser({ subAccountId: ws.id });
    const { createContext } = await import("@/server/api/trpc");
    const { createCaller } = await import("@/server/api/root");
    const s = await createSession({ kind: "user", id: user.id }, { rememberMe: false });
    const stale = createCaller(await createContext({ headers: new Headers(), sessionClaims: { sessionId: s.sessionId, accessExpiresAt: Date.now() - 1 } }));
    await expect(stale.auth.me()).rejects.toSatisfy((e) => code(e) === "UNAUTHORIZED");
  });

  it("next-auth's jwt callback renews an expired access window by rotating the refresh token", async () => {
    const ws = await createWorkspace();
    const user = await createUser({ subAccountId: ws.id });
    const s = await createSession({ kind: "user", id: user.id }, { rememberMe: false });
    const jwt = buildAuthOptions().callbacks!.jwt!;
    const expired = { sid: s.sessionId, rt: s.refreshToken, kind: "user", aid: user.id, accessExpiresAt: Date.now() - 1_000 } as JWT;
    const renewed = (await jwt({ token: expired } as never)) as JWT & { rt: string; accessExpiresAt: number };
    expect(renewed.rt).not.toBe(s.refreshToken);
    expect(renewed.accessExpiresAt).toBeGreaterThan(Date.now() + 14 * 60_000);
    // The old cookie replayed later: the session ends.
    await unsafeDb.refreshToken.updateMany({ where: { sessionId: s.sessionId, rotatedAt: { not: null } }, data: { rotatedAt: new Date(Date.now() - 60_000) } });
    const replayed = (await jwt({ token: expired } as never)) as JWT;
    expect(replayed.error).toBe("session_ended");
    expect((await unsafeDb.authSession.findUniqueOrThrow({ where: { id: s.sessionId } })).revokedAt).not.toBeNull();
  });
});

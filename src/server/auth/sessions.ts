import { createHmac, randomBytes } from "node:crypto";
import { getEnv } from "@/env";
import type { AdminRole, UserRole } from "@/generated/prisma/client";
import { AppError } from "@/server/errors";
import { Prisma, unsafeDb, unsafeQuery } from "@/server/db/client";
import { ONBOARDING_WORKSPACE_ID, type Account, type AccountRef } from "./account";

/**
 * Server-side sessions. The browser holds next-auth's encrypted cookie with the session id, a refresh
 * token and the access expiry; the database holds the truth. Every request re-reads the session row, so
 * sign-out, password change and deactivation end a session at once.
 * One session is one refresh-token family: a rotated token presented again (after a short grace for
 * concurrent tabs) is treated as stolen and revokes the whole session.
 */
export const ACCESS_TTL_MS = 15 * 60_000;
export const REFRESH_TTL_MS = 7 * 24 * 60 * 60_000;
export const REMEMBER_ME_TTL_MS = 30 * 24 * 60 * 60_000;
/** Two tabs refreshing at the same moment present the same token; that is not theft. */
export const REUSE_GRACE_MS = 10_000;

export const hashRefreshToken = (token: string) =>
  createHmac("sha256", getEnv().JWT_REFRESH_SECRET).update(token).digest("hex");

const newRefreshToken = () => randomBytes(32).toString("base64url");

export interface IssuedSession {
  sessionId: string;
  refreshToken: string;
  accessExpiresAt: number;
  sessionExpiresAt: number;
}

export async function createSession(
  account: AccountRef,
  opts: { rememberMe: boolean; ip?: string; userAgent?: string | null },
  now = new Date(),
): Promise<IssuedSession> {
  const ttl = opts.rememberMe ? REMEMBER_ME_TTL_MS : REFRESH_TTL_MS;
  const expiresAt = new Date(now.getTime() + ttl);
  const refreshToken = newRefreshToken();
  const session = await unsafeDb.authSession.create({
    data: {
      accountKind: account.kind,
      userId: account.kind === "user" ? account.id : null,
      adminId: account.kind === "admin" ? account.id : null,
      rememberMe: opts.rememberMe,
      ip: opts.ip,
      userAgent: opts.userAgent?.slice(0, 512),
      createdAt: now,
      lastSeenAt: now,
      expiresAt,
      refreshTokens: { create: { tokenHash: hashRefreshToken(refreshToken), expiresAt, createdAt: now } },
    },
  });
  return {
    sessionId: session.id,
    refreshToken,
    accessExpiresAt: now.getTime() + ACCESS_TTL_MS,
    sessionExpiresAt: expiresAt.getTime(),
  };
}

const ended = () => new AppError("UNAUTHORIZED", "Your session has ended. Sign in again.");

/**
 * Exchanges a refresh token for a new one and a new access window. Reuse of an already rotated token
 * outside the grace window revokes the session (the whole family).
 */
export async function rotateRefreshToken(
  sessionId: string,
  presentedToken: string,
  now = new Date(),
): Promise<IssuedSession> {
  const token = await unsafeDb.refreshToken.findUnique({
    where: { tokenHash: hashRefreshToken(presentedToken) },
    include: { session: true },
  });
  if (!token || token.sessionId !== sessionId) throw ended();
  const session = token.session;
  if (session.revokedAt || session.expiresAt <= now) throw ended();

  if (token.rotatedAt && now.getTime() - token.rotatedAt.getTime() > REUSE_GRACE_MS) {
    await revokeSession(sessionId, "refresh_token_reuse", now);
    throw ended();
  }
  // Marks the token rotated only if nobody else did; losing that race is the concurrent-tab case.
  await unsafeDb.refreshToken.updateMany({ where: { id: token.id, rotatedAt: null }, data: { rotatedAt: now } });

  const ttl = session.rememberMe ? REMEMBER_ME_TTL_MS : REFRESH_TTL_MS;
  const expiresAt = new Date(now.getTime() + ttl);
  const refreshToken = newRefreshToken();
  await unsafeDb.$transaction([
    unsafeDb.refreshToken.create({
      data: { sessionId, tokenHash: hashRefreshToken(refreshToken), expiresAt, createdAt: now },
    }),
    unsafeDb.authSession.update({ where: { id: sessionId }, data: { lastSeenAt: now, expiresAt } }),
  ]);
  return { sessionId, refreshToken, accessExpiresAt: now.getTime() + ACCESS_TTL_MS, sessionExpiresAt: expiresAt.getTime() };
}

export async function revokeSession(sessionId: string, reason: string, now = new Date()) {
  await unsafeDb.authSession.updateMany({
    where: { id: sessionId, revokedAt: null },
    data: { revokedAt: now, revokedReason: reason },
  });
}

export async function revokeAllSessions(account: AccountRef, reason: string, now = new Date()) {
  const where = account.kind === "user" ? { userId: account.id } : { adminId: account.id };
  const { count } = await unsafeDb.authSession.updateMany({
    where: { ...where, revokedAt: null },
    data: { revokedAt: now, revokedReason: reason },
  });
  return count;
}

interface SessionRow {
  accountKind: "user" | "admin";
  revokedAt: Date | null;
  expiresAt: Date;
  userId: number | null;
  userEmail: string | null;
  userName: string | null;
  userRole: UserRole | null;
  userCompany: string | null;
  userTimezone: string | null;
  userSubAccountId: number | null;
  userActive: boolean | null;
  userMustChangePassword: boolean | null;
  userWorkspaceName: string | null;
  userWorkspaceActive: boolean | null;
  adminId: number | null;
  adminEmail: string | null;
  adminName: string | null;
  adminRole: AdminRole | null;
  adminTimezone: string | null;
  adminActive: boolean | null;
  adminMustChangePassword: boolean | null;
  actingId: number | null;
  actingName: string | null;
  actingActive: boolean | null;
}

/**
 * The account behind a live session, or null when the session is unknown, revoked, expired or its
 * account is deactivated. This runs on every authenticated request, so it is one joined query
 * (Prisma's include would make one round trip per relation), prepared once per connection and sent without
 * Prisma's query layer.
 */
const sessionAccountQuery = (sessionId: string) => Prisma.sql`
    SELECT s."accountKind"::text AS "accountKind", s."revokedAt", s."expiresAt",
           u.id AS "userId", u.email AS "userEmail", u.name AS "userName", u.role::text AS "userRole",
           u.company AS "userCompany", u.timezone AS "userTimezone", u."subAccountId" AS "userSubAccountId",
           u."isActive" AS "userActive", u."mustChangePassword" AS "userMustChangePassword",
           uw.name AS "userWorkspaceName", uw."isActive" AS "userWorkspaceActive",
           a.id AS "adminId", a.email AS "adminEmail", a.name AS "adminName", a.role::text AS "adminRole",
           a.timezone AS "adminTimezone", a."isActive" AS "adminActive", a."mustChangePassword" AS "adminMustChangePassword",
           aw.id AS "actingId", aw.name AS "actingName", aw."isActive" AS "actingActive"
      FROM "AuthSession" s
      LEFT JOIN "User" u ON u.id = s."userId"
      LEFT JOIN "SubAccount" uw ON uw.id = u."subAccountId"
      LEFT JOIN "PlatformAdmin" a ON a.id = s."adminId"
      LEFT JOIN "SubAccount" aw ON aw.id = s."actingSubAccountId"
     WHERE s.id = ${sessionId}`;

/** Whether a session may still act in the workspace it opened something in (a live stream re-checks this). */
export async function sessionStillInWorkspace(sessionId: string, subAccountId: number): Promise<boolean> {
  const account = await loadSessionAccount(sessionId);
  if (!account || account.subAccountId !== subAccountId || account.onboarding) return false;
  return account.kind === "admin" || account.workspaceActive;
}

export async function loadSessionAccount(sessionId: string, now = new Date()): Promise<Account | null> {
  const rows = await unsafeQuery<SessionRow>(sessionAccountQuery(sessionId), { name: "session_account" });
  const row = rows[0];
  if (!row || row.revokedAt || row.expiresAt <= now) return null;
  if (row.accountKind === "user") {
    if (row.userId === null || !row.userActive) return null;
    const subAccountId = row.userSubAccountId!;
    return {
      kind: "user",
      id: row.userId,
      email: row.userEmail!,
      name: row.userName!,
      role: row.userRole!,
      company: row.userCompany,
      timezone: row.userTimezone!,
      subAccountId,
      workspaceName: subAccountId === ONBOARDING_WORKSPACE_ID ? null : row.userWorkspaceName,
      workspaceActive: row.userWorkspaceActive ?? false,
      onboarding: subAccountId === ONBOARDING_WORKSPACE_ID,
      mustChangePassword: row.userMustChangePassword ?? false,
    };
  }
  if (row.adminId === null || !row.adminActive) return null;
  return {
    kind: "admin",
    id: row.adminId,
    email: row.adminEmail!,
    name: row.adminName!,
    role: row.adminRole!,
    company: null,
    timezone: row.adminTimezone!,
    subAccountId: row.actingId,
    workspaceName: row.actingName,
    workspaceActive: row.actingActive ?? false,
    onboarding: false,
    mustChangePassword: row.adminMustChangePassword ?? false,
  };
}

import { randomUUID } from "node:crypto";
import type { AdminRole, UserRole } from "@/generated/prisma/client";
import { unsafeDb } from "@/server/db/client";
import { hashPassword } from "@/server/auth/password";
import { ONBOARDING_WORKSPACE_ID } from "@/server/auth/account";
import { seedOnboardingWorkspace } from "../../prisma/seed";
import { createSession } from "@/server/auth/sessions";
import { createContext } from "@/server/api/trpc";
import { createCaller } from "@/server/api/root";
import { logger } from "@/server/logger";
import { workspaceContextFor, type RequestContext, type WorkspaceContext, type WorkspaceJobContext } from "@/server/context";

/** Every test builds its own world with these; nothing depends on another test's rows. */
export const TEST_PASSWORD = "Correct-Horse-Battery-9";
let passwordHash: Promise<string> | undefined;
const knownHash = () => (passwordHash ??= hashPassword(TEST_PASSWORD));

export const uniqueEmail = (label = "person") => `${label}-${randomUUID().slice(0, 12)}@test.loctelli.local`;
export const uniqueIp = () => `10.${rand()}.${rand()}.${rand()}`;
const rand = () => Math.floor(Math.random() * 250) + 1;

/**
 * A workspace for one test. SMS quiet hours are off (by default they follow the wall clock, which would make a test's
 * outcome depend on the hour it runs); tests of quiet hours turn them on with the hours they need.
 */
export async function createWorkspace(name = "Workspace", opts: { quietHours?: boolean } = {}) {
  const slug = `${name.toLowerCase().replace(/\W+/g, "-")}-${randomUUID().slice(0, 8)}`;
  const settings = opts.quietHours ? {} : { sms: { quietHours: { enabled: false, start: "21:00", end: "08:00" } } };
  return unsafeDb.subAccount.create({ data: { name: `${name} ${slug.slice(-8)}`, slug, settings } });
}

export async function createUser(opts: { subAccountId: number; role?: UserRole; email?: string; isActive?: boolean }) {
  if (opts.subAccountId === ONBOARDING_WORKSPACE_ID) await seedOnboardingWorkspace();
  const hash = await knownHash();
  const user = await unsafeDb.user.create({
    data: {
      subAccountId: opts.subAccountId,
      email: opts.email ?? uniqueEmail("user"),
      name: "Test User",
      role: opts.role ?? "user",
      passwordHash: hash,
      isActive: opts.isActive ?? true,
    },
  });
  await unsafeDb.passwordHistory.create({ data: { accountKind: "user", userId: user.id, passwordHash: hash } });
  return user;
}

export async function createAdmin(opts: { role?: AdminRole; email?: string } = {}) {
  const hash = await knownHash();
  const admin = await unsafeDb.platformAdmin.create({
    data: { email: opts.email ?? uniqueEmail("admin"), name: "Test Admin", role: opts.role ?? "admin", passwordHash: hash },
  });
  await unsafeDb.passwordHistory.create({ data: { accountKind: "admin", adminId: admin.id, passwordHash: hash } });
  return admin;
}

export function requestContext(ip = uniqueIp()): RequestContext {
  const requestId = randomUUID();
  return { requestId, log: logger.child({ requestId }), ip, userAgent: "vitest" };
}

/** A workspace's context with nobody signed in, as the worker gives a job: the scoped client, no account. */
export function workspaceContext(workspace: { id: number; name: string }): WorkspaceContext {
  return workspaceContextFor(requestContext("worker"), workspace);
}

/** What one attempt of a workspace job gets (worker/job-context.ts builds the same from a BullMQ job). */
export function workspaceJobContext(
  workspace: { id: number; name: string },
  attempt: { isFinalAttempt?: boolean; reportProgress?: (pct: number) => void } = {},
): WorkspaceJobContext {
  return { ...workspaceContext(workspace), isFinalAttempt: attempt.isFinalAttempt ?? true, reportProgress: attempt.reportProgress ?? (() => {}) };
}

/** Opens a real server-side session and returns a tRPC caller that carries it, as the route handler would. */
export async function signedInCaller(account: { kind: "user" | "admin"; id: number }, headers: Record<string, string> = {}) {
  const session = await createSession(account, { rememberMe: false, ip: "127.0.0.1" });
  const ctx = await createContext({
    headers: new Headers({ "x-forwarded-for": uniqueIp(), ...headers }),
    sessionClaims: { sessionId: session.sessionId, accessExpiresAt: session.accessExpiresAt },
  });
  return { caller: createCaller(ctx), session };
}

export async function anonymousCaller(headers: Record<string, string> = {}) {
  return createCaller(await createContext({ headers: new Headers({ "x-forwarded-for": uniqueIp(), ...headers }), sessionClaims: null }));
}

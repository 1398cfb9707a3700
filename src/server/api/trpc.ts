import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { z, ZodError } from "zod";
import type { AdminRole, UserRole } from "@/generated/prisma/client";
import { AppError, toAppError } from "@/server/errors";
import { logger } from "@/server/logger";
import { redactSecrets } from "@/server/redact";
import { clientIp } from "@/server/auth/client-ip";
import { readSessionClaims, type SessionClaims } from "@/server/auth/session-token";
import { loadSessionAccount } from "@/server/auth/sessions";
import { tenantDb } from "@/server/db/tenant";
import { recordAudit } from "@/server/services/audit/record-audit";
import { authenticateApiKey, apiKeyHasScope } from "@/server/services/api-keys/authenticate-api-key";
import { enforceRateLimit } from "@/server/auth/rate-limit";
import type { RequestContext } from "@/server/context";

/**
 * Procedure kinds, each a middleware chain declared once:
 *   publicProcedure        anyone
 *   authedProcedure        a signed-in account (onboarding and temporary-password gates apply)
 *   workspaceProcedure     a workspace member, or a platform admin acting in a workspace (audited); ctx.db is scoped
 *   platformAdminProcedure a platform admin account (never a workspace "admin")
 *   apiKeyProcedure        an X-API-Key of one workspace, and nothing else
 * Role requirements sit on the procedure line as meta: `.meta({ role: "admin" })` or `.meta({ platformRole: "super_admin" })`.
 */
export interface Meta {
  /** Reachable by a user still in the onboarding workspace. */
  allowOnboarding?: boolean;
  /** Reachable while the account must replace a temporary password. */
  allowPasswordChangeRequired?: boolean;
  /** Minimum workspace role (workspace procedures). */
  role?: UserRole;
  /** Minimum platform role (platform admin procedures). */
  platformRole?: AdminRole;
  /** Scope an API key must carry, e.g. "leads:read" (API key procedures). */
  scope?: string;
}

export interface CreateContextOptions {
  headers: Headers;
  requestId?: string;
  /** Tests and the server caller may pass claims directly instead of a cookie. */
  sessionClaims?: SessionClaims | null;
}

export async function createContext(opts: CreateContextOptions) {
  const requestId = opts.headers.get("x-request-id") ?? crypto.randomUUID();
  const sessionClaims =
    opts.sessionClaims !== undefined ? opts.sessionClaims : await readSessionClaims(opts.headers.get("cookie"));
  const base: RequestContext = {
    requestId,
    log: logger.child({ requestId }),
    ip: clientIp(opts.headers),
    userAgent: opts.headers.get("user-agent"),
  };
  return { ...base, headers: opts.headers, sessionClaims };
}

export type Context = Awaited<ReturnType<typeof createContext>>;

const t = initTRPC
  .context<Context>()
  .meta<Meta>()
  .create({
    transformer: superjson,
    errorFormatter({ shape, error }) {
      const cause = error.cause;
      const zodError =
        cause instanceof ZodError
          ? z.flattenError(cause)
          : cause instanceof AppError && cause.fieldErrors
            ? { formErrors: [], fieldErrors: cause.fieldErrors }
            : null;
      // Stacks never leave the server, in any environment.
      const data: Omit<typeof shape.data, "stack"> & { stack?: string } = { ...shape.data };
      delete data.stack;
      return {
        ...shape,
        message: cause instanceof ZodError ? "Some fields are invalid." : shape.message,
        data: {
          ...data,
          zodError,
          retryAfterSeconds: cause instanceof AppError ? (cause.retryAfterSeconds ?? null) : null,
          details: cause instanceof AppError ? (cause.details ?? null) : null,
        },
      };
    },
  });

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;

/** The one place where service errors become API errors. Unknown errors are logged and never shown. */
function toTRPCError(error: TRPCError, ctx: Context, path: string, input: unknown): TRPCError {
  const cause = error.cause;
  if (cause instanceof ZodError || (!(cause instanceof AppError) && error.code !== "INTERNAL_SERVER_ERROR")) return error;
  const known = toAppError(cause, input);
  if (known) {
    if (known.code === "SERVICE_UNAVAILABLE" && known !== cause) ctx.log.warn({ err: cause, path }, "dependency unavailable");
    return new TRPCError({ code: known.code, message: known.message, cause: known });
  }
  ctx.log.error({ err: cause ?? error, path }, "procedure failed");
  return new TRPCError({
    code: "INTERNAL_SERVER_ERROR",
    message: `Something went wrong. Reference: ${ctx.requestId}`,
  });
}

const errorBoundary = t.middleware(async ({ ctx, path, getRawInput, next }) => {
  const result = await next();
  if (result.ok) return result;
  const input = await getRawInput().catch(() => undefined);
  return { ...result, error: toTRPCError(result.error, ctx, path, input) };
});

export const publicProcedure = t.procedure.use(errorBoundary);

const GATE_MESSAGES = {
  signIn: "Sign in to continue.",
  ended: "Your session has ended. Sign in again.",
  onboarding: "Create or join a workspace first.",
  passwordChange: "Replace your temporary password first.",
} as const;

export const authedProcedure = publicProcedure.use(async ({ ctx, meta, next }) => {
  const claims = ctx.sessionClaims;
  if (!claims) throw new TRPCError({ code: "UNAUTHORIZED", message: GATE_MESSAGES.signIn });
  // An expired access window is renewed by the client (next-auth rotates the refresh token), then retried.
  if (claims.accessExpiresAt <= Date.now()) throw new TRPCError({ code: "UNAUTHORIZED", message: GATE_MESSAGES.ended });
  const account = await loadSessionAccount(claims.sessionId);
  if (!account) throw new TRPCError({ code: "UNAUTHORIZED", message: GATE_MESSAGES.ended });
  if (account.onboarding && !meta?.allowOnboarding) {
    throw new TRPCError({ code: "FORBIDDEN", message: GATE_MESSAGES.onboarding });
  }
  if (account.mustChangePassword && !meta?.allowPasswordChangeRequired) {
    throw new TRPCError({ code: "FORBIDDEN", message: GATE_MESSAGES.passwordChange });
  }
  return next({ ctx: { ...ctx, account, sessionId: claims.sessionId } });
});

const WORKSPACE_ROLE_RANK: Record<UserRole, number> = { user: 0, manager: 1, admin: 2 };
const PLATFORM_ROLE_RANK: Record<AdminRole, number> = { admin: 0, super_admin: 1 };


export const workspaceProcedure = authedProcedure.use(async ({ ctx, meta, type, path, getRawInput, next }) => {
  const { account } = ctx;
  const subAccountId = account.subAccountId;
  if (account.onboarding || subAccountId === null) {
    throw new TRPCError({
      code: "FORBIDDEN",
      message: account.kind === "admin" ? "Choose a workspace to act in first." : GATE_MESSAGES.onboarding,
    });
  }
  // A platform admin acting in a workspace has the powers of its admins; every mutation is audited.
  const actingAsAdmin = account.kind === "admin";
  if (!account.workspaceActive && !actingAsAdmin) {
    throw new TRPCError({ code: "FORBIDDEN", message: "This workspace has been deactivated. Contact your platform administrator." });
  }
  if (meta?.role && account.kind === "user" && WORKSPACE_ROLE_RANK[account.role] < WORKSPACE_ROLE_RANK[meta.role]) {
    throw new TRPCError({ code: "FORBIDDEN", message: `This needs the ${meta.role} role in this workspace.` });
  }
  const result = await next({
    ctx: {
      ...ctx,
      workspace: { id: subAccountId, name: account.workspaceName ?? "" },
      db: tenantDb(subAccountId),
      actingAsAdmin,
    },
  });
  if (actingAsAdmin && type === "mutation") {
    await recordAudit(ctx, {
      action: `acting_as.${path}`,
      subAccountId,
      actor: account,
      actingAs: true,
      changes: { ok: result.ok, input: redactSecrets(await getRawInput()) ?? null } as never,
    });
  }
  return result;
});

/** Workspace procedures for managers and admins, and for admins only (the role is checked by workspaceProcedure). */
export const managerProcedure = workspaceProcedure.meta({ role: "manager" });
export const adminProcedure = workspaceProcedure.meta({ role: "admin" });

export const platformAdminProcedure = authedProcedure.use(({ ctx, meta, next }) => {
  const { account } = ctx;
  if (account.kind !== "admin") {
    throw new TRPCError({ code: "FORBIDDEN", message: "Only platform administrators can do this." });
  }
  if (meta?.platformRole && PLATFORM_ROLE_RANK[account.role] < PLATFORM_ROLE_RANK[meta.platformRole]) {
    throw new TRPCError({ code: "FORBIDDEN", message: `This needs the ${meta.platformRole} platform role.` });
  }
  return next({ ctx: { ...ctx, account } });
});

export const apiKeyProcedure = publicProcedure.use(async ({ ctx, meta, next }) => {
  const presented = ctx.headers.get("x-api-key");
  // One answer for missing, unknown, revoked and expired keys.
  const key = presented ? await authenticateApiKey(presented) : null;
  if (!key) throw new TRPCError({ code: "UNAUTHORIZED", message: "A valid API key is required." });
  if (meta?.scope && !apiKeyHasScope(key.scopes, meta.scope)) {
    throw new TRPCError({ code: "FORBIDDEN", message: `This API key lacks the ${meta.scope} scope.` });
  }
  await enforceRateLimit("apiKey", String(key.id));
  return next({
    ctx: {
      ...ctx,
      account: null,
      apiKey: { id: key.id, scopes: key.scopes },
      workspace: { id: key.subAccountId, name: key.workspaceName },
      db: tenantDb(key.subAccountId),
      actingAsAdmin: false,
    },
  });
});

/** Applies a named rate limit keyed by client IP (public endpoints) or account (authenticated ones). */
export const rateLimited = (name: Parameters<typeof enforceRateLimit>[0], by: "ip" | "account") =>
  t.middleware(async ({ ctx, next }) => {
    const account = (ctx as { account?: { kind: string; id: number } }).account;
    await enforceRateLimit(name, by === "account" && account ? `${account.kind}:${account.id}` : ctx.ip);
    return next();
  });

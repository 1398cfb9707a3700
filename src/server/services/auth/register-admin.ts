import { createHash, timingSafeEqual } from "node:crypto";
import { getEnv } from "@/env";
import { unsafeDb } from "@/server/db/client";
import { AppError } from "@/server/errors";
import type { RequestContext } from "@/server/context";
import { hashPassword } from "@/server/auth/password";
import { recordAudit } from "@/server/services/audit/record-audit";
import { rememberPassword } from "./password-history";
import type { AdminRegisterInput } from "@/schemas/auth";

const sha256 = (s: string) => createHash("sha256").update(s).digest();

/** Admin auth codes are stored as SHA-256 hex (they are long random strings, not passwords). */
export const hashAdminAuthCode = (code: string) => sha256(code).toString("hex");

/**
 * Registers a platform admin. Allowed with a live admin registration code (stored hashed, one use), or
 * with ADMIN_AUTH_CODE until the first code has been issued (it only bootstraps). With neither,
 * registration is closed: there is no built-in fallback code.
 * The role is always "admin": nobody registers as super_admin.
 */
export async function registerAdmin(ctx: RequestContext, input: AdminRegisterInput) {
  const now = new Date();
  const refused = new AppError("FORBIDDEN", "Admin registration is closed or the authorization code is invalid.");
  const storedCode = await unsafeDb.adminAuthCode.findUnique({ where: { codeHash: hashAdminAuthCode(input.authCode) } });
  const codeUsable = storedCode && !storedCode.usedAt && !storedCode.revokedAt && (!storedCode.expiresAt || storedCode.expiresAt > now);

  let viaBootstrap = false;
  if (!codeUsable) {
    const bootstrap = getEnv().ADMIN_AUTH_CODE;
    if (!bootstrap) throw refused;
    const matches = timingSafeEqual(sha256(bootstrap), sha256(input.authCode));
    // Once a super admin has issued registration codes, the environment code stops working.
    if (!matches || (await unsafeDb.adminAuthCode.count()) > 0) throw refused;
    viaBootstrap = true;
  }

  const passwordHash = await hashPassword(input.password);
  const admin = await unsafeDb.$transaction(async (tx) => {
    if (codeUsable) {
      const { count } = await tx.adminAuthCode.updateMany({ where: { id: storedCode.id, usedAt: null }, data: { usedAt: now } });
      if (count === 0) throw refused;
    }
    const existing = await tx.platformAdmin.findUnique({ where: { email: input.email }, select: { id: true } });
    if (existing) throw AppError.field("email", "An admin with this email already exists.");
    return tx.platformAdmin.create({
      data: { email: input.email, name: input.name, passwordHash, role: "admin", createdById: storedCode?.createdById ?? null },
      select: { id: true, email: true, name: true, role: true },
    });
  });
  await rememberPassword({ kind: "admin", id: admin.id }, passwordHash);
  await recordAudit(ctx, { action: "auth.register_admin", actor: { kind: "admin", id: admin.id }, changes: { viaBootstrap } });
  return admin;
}

import { randomBytes } from "node:crypto";
import { AppError } from "@/server/errors";
import type { WorkspaceContext } from "@/server/context";
import { auditInWorkspace } from "@/server/services/audit/record-audit";
import type { z } from "zod";
import type { createApiKeySchema } from "@/schemas/api-keys";
import { hashApiKey } from "./authenticate-api-key";

const listed = { id: true, name: true, prefix: true, scopes: true, lastUsedAt: true, expiresAt: true, revokedAt: true, createdAt: true } as const;

export async function listApiKeys(ctx: WorkspaceContext) {
  return ctx.db.apiKey.findMany({ orderBy: { createdAt: "desc" }, select: listed, take: 200 });
}

/** The whole key is returned once, here; only its hash and visible prefix are stored. */
export async function createApiKey(ctx: WorkspaceContext, input: z.infer<typeof createApiKeySchema>) {
  const prefix = randomBytes(4).toString("hex");
  const key = `lk_${prefix}_${randomBytes(32).toString("base64url")}`;
  const apiKey = await ctx.db.apiKey.create({
    data: {
      subAccountId: ctx.workspace.id,
      name: input.name,
      prefix: `lk_${prefix}`,
      keyHash: hashApiKey(key),
      scopes: [...new Set(input.scopes)],
      expiresAt: input.expiresAt ?? null,
      createdByUserId: ctx.account?.kind === "user" ? ctx.account.id : null,
    },
    select: listed,
  });
  await auditInWorkspace(ctx, { action: "api_key.created", targetType: "ApiKey", targetId: apiKey.id, changes: { name: apiKey.name, scopes: apiKey.scopes } });
  return { key, apiKey };
}

export async function revokeApiKey(ctx: WorkspaceContext, input: { id: number }) {
  const existing = await ctx.db.apiKey.findUnique({ where: { id: input.id }, select: { revokedAt: true } });
  if (!existing) throw new AppError("NOT_FOUND", "No such API key in this workspace.");
  if (existing.revokedAt) throw new AppError("CONFLICT", "This API key is already revoked.");
  const apiKey = await ctx.db.apiKey.update({ where: { id: input.id }, data: { revokedAt: new Date() }, select: listed });
  await auditInWorkspace(ctx, { action: "api_key.revoked", targetType: "ApiKey", targetId: apiKey.id, changes: { name: apiKey.name } });
  return apiKey;
}

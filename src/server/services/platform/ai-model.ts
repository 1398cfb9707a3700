import type { z } from "zod";
import type { aiModelSettingsSchema, clearPlatformAiModelSchema, savePlatformAiModelSchema } from "@/schemas/ai-model";
import type { AuthedContext } from "@/server/context";
import { unsafeDb } from "@/server/db/client";
import { AppError } from "@/server/errors";
import { invalidatePlatformModel } from "@/server/integrations/openai/model";
import { PLATFORM_KEY_CONTEXT } from "@/server/integrations/openai/model-settings";
import { testModelConnection } from "@/server/integrations/openai/test-connection";
import { recordAudit } from "@/server/services/audit/record-audit";
import { environmentView, rowFor, settingsToTest, viewOf } from "@/server/services/ai-model/model-config";

const PLATFORM_ROW = 1;
const revisionOf = (row: { updatedAt: Date } | null) => (row ? row.updatedAt.toISOString() : "none");
const readRow = () =>
  unsafeDb.platformAiModel.findUnique({ where: { id: PLATFORM_ROW }, select: { provider: true, baseUrl: true, model: true, apiKey: true, updatedAt: true } });

/** What Admin › AI model shows: the platform default (key as set / not set), the bootstrap default, the revision. */
export async function getPlatformAiModel() {
  const row = await readRow();
  const environment = environmentView();
  return { platform: viewOf(row), environment, revision: revisionOf(row), aiOn: !!row || !!environment };
}

/** Saves the platform default under a row lock, refusing a save made from an older revision. */
export async function savePlatformAiModel(ctx: AuthedContext, input: z.output<typeof savePlatformAiModelSchema>) {
  const { revision, ...settings } = input;
  await unsafeDb.$transaction(async (tx) => {
    // Serialises saves (the row may not exist yet, so the lock is advisory).
    await tx.$queryRaw`SELECT 1 AS locked FROM pg_advisory_xact_lock(hashtext('loctelli:platform-ai-model'))`;
    const stored = await tx.platformAiModel.findUnique({ where: { id: PLATFORM_ROW }, select: { apiKey: true, updatedAt: true } });
    if (revisionOf(stored) !== revision) {
      throw new AppError("CONFLICT", "Someone else changed the model configuration meanwhile: reload the page to see theirs.");
    }
    const data = { ...rowFor(settings, stored, PLATFORM_KEY_CONTEXT), updatedByAdminId: ctx.account.kind === "admin" ? ctx.account.id : null };
    await tx.platformAiModel.upsert({ where: { id: PLATFORM_ROW }, create: { id: PLATFORM_ROW, ...data }, update: data, select: { id: true } });
  });
  await invalidatePlatformModel();
  await recordAudit(ctx, {
    action: "platform.ai_model_saved",
    actor: ctx.account,
    targetType: "PlatformAiModel",
    changes: { provider: settings.provider, baseUrl: settings.baseUrl ?? null, model: settings.model, keyChanged: !!settings.apiKey || !!settings.clearApiKey },
  });
  return getPlatformAiModel();
}

/** Removes the platform default: workspaces without their own model fall back to the environment's. */
export async function clearPlatformAiModel(ctx: AuthedContext, input: z.output<typeof clearPlatformAiModelSchema>) {
  const removed = await unsafeDb.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT 1 AS locked FROM pg_advisory_xact_lock(hashtext('loctelli:platform-ai-model'))`;
    const stored = await tx.platformAiModel.findUnique({ where: { id: PLATFORM_ROW }, select: { updatedAt: true } });
    if (revisionOf(stored) !== input.revision) {
      throw new AppError("CONFLICT", "Someone else changed the model configuration meanwhile: reload the page to see theirs.");
    }
    const { count } = await tx.platformAiModel.deleteMany({ where: { id: PLATFORM_ROW } });
    return count > 0;
  });
  if (removed) {
    await invalidatePlatformModel();
    await recordAudit(ctx, { action: "platform.ai_model_cleared", actor: ctx.account, targetType: "PlatformAiModel" });
  }
  return getPlatformAiModel();
}

/** Tries the form's values (the stored key when none is typed) without saving them. */
export async function testPlatformAiModel(input: z.output<typeof aiModelSettingsSchema>) {
  return testModelConnection(settingsToTest(input, await readRow(), PLATFORM_KEY_CONTEXT));
}

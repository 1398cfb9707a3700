import type { z } from "zod";
import type { deleteModelPriceSchema, saveModelPriceSchema, setWorkspaceLimitsSchema, workspaceLimitsSchema } from "@/schemas/usage";
import type { AuthedContext } from "@/server/context";
import { ONBOARDING_WORKSPACE_ID } from "@/server/auth/account";
import { unsafeDb } from "@/server/db/client";
import { isUniqueViolation } from "@/server/db/errors";
import { AppError } from "@/server/errors";
import { recordAudit } from "@/server/services/audit/record-audit";

/**
 * Platform admins set each workspace's monthly token budget and per-channel message limits (null: unlimited) and keep
 * the price table the usage pages estimate costs with. Every change is audited.
 */
const limitFields = { id: true, name: true, monthlyTokenBudget: true, monthlySmsLimit: true, monthlyEmailLimit: true, monthlyWebLimit: true } as const;

export async function getWorkspaceLimits(input: z.infer<typeof workspaceLimitsSchema>) {
  const workspace = input.subAccountId === ONBOARDING_WORKSPACE_ID ? null : await unsafeDb.subAccount.findUnique({ where: { id: input.subAccountId }, select: limitFields });
  if (!workspace) throw new AppError("NOT_FOUND", "No such workspace.");
  return workspace;
}

export async function setWorkspaceLimits(ctx: AuthedContext, input: z.infer<typeof setWorkspaceLimitsSchema>) {
  const before = await getWorkspaceLimits({ subAccountId: input.subAccountId });
  const { subAccountId, ...limits } = input;
  const after = await unsafeDb.subAccount.update({ where: { id: subAccountId }, data: limits, select: limitFields });
  const changes = Object.fromEntries(
    (Object.keys(limits) as (keyof typeof limits)[]).filter((k) => before[k] !== after[k]).map((k) => [k, { from: before[k], to: after[k] }]),
  );
  if (Object.keys(changes).length > 0) {
    await recordAudit(ctx, { action: "workspace.limits_updated", subAccountId, actor: ctx.account, targetType: "SubAccount", targetId: subAccountId, changes });
  }
  return after;
}

const priceFields = { id: true, model: true, inputPerMillion: true, outputPerMillion: true, updatedAt: true } as const;

export function listModelPrices() {
  return unsafeDb.modelPrice.findMany({ orderBy: { model: "asc" }, select: priceFields });
}

/** Adds a model's price or changes it (one row per model name). */
export async function saveModelPrice(ctx: AuthedContext, input: z.infer<typeof saveModelPriceSchema>) {
  const data = { inputPerMillion: input.inputPerMillion, outputPerMillion: input.outputPerMillion };
  let row;
  try {
    row = await unsafeDb.modelPrice.upsert({ where: { model: input.model }, create: { model: input.model, ...data }, update: data, select: priceFields });
  } catch (e) {
    if (!isUniqueViolation(e)) throw e;
    // The same model added twice at once: the other request created it.
    row = await unsafeDb.modelPrice.update({ where: { model: input.model }, data, select: priceFields });
  }
  await recordAudit(ctx, { action: "model_price.saved", subAccountId: null, actor: ctx.account, targetType: "ModelPrice", targetId: row.id, changes: { model: row.model, ...data } });
  return row;
}

export async function deleteModelPrice(ctx: AuthedContext, input: z.infer<typeof deleteModelPriceSchema>) {
  const { count } = await unsafeDb.modelPrice.deleteMany({ where: { id: input.id } });
  if (count === 0) throw new AppError("NOT_FOUND", "No such price.");
  await recordAudit(ctx, { action: "model_price.deleted", subAccountId: null, actor: ctx.account, targetType: "ModelPrice", targetId: input.id });
  return { id: input.id };
}

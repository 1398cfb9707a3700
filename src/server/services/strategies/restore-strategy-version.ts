import type { z } from "zod";
import { strategyFieldsSchema, type restoreStrategyVersionSchema } from "@/schemas/strategies";
import type { WorkspaceContext } from "@/server/context";
import { AppError } from "@/server/errors";
import { auditInWorkspace } from "@/server/services/audit/record-audit";
import { findStrategy } from "./strategy-records";
import { updateStrategy } from "./update-strategy";

const restorableFields = strategyFieldsSchema.partial();

/**
 * Saves an earlier version's fields as the strategy's next version, so the history stays as it was and the restore
 * is itself a version. A template the old version named that has since left the catalogue becomes the workspace
 * default (the restore says so).
 */
export async function restoreStrategyVersion(ctx: WorkspaceContext, input: z.output<typeof restoreStrategyVersionSchema>) {
  const strategy = await findStrategy(ctx, input.id);
  const version = await ctx.db.strategyVersion.findUnique({
    where: { strategyId_version: { strategyId: input.id, version: input.version } },
    select: { snapshot: true },
  });
  if (!version) throw new AppError("NOT_FOUND", "This strategy has no such version.");
  if (input.version === strategy.currentVersion) throw AppError.field("version", "This version is already the current one.");
  const parsed = restorableFields.safeParse(version.snapshot);
  if (!parsed.success) throw new AppError("PRECONDITION_FAILED", "This version was saved in a form that can no longer be restored.");
  const fields = parsed.data;
  let templateDropped = false;
  if (fields.promptTemplateId != null && (await ctx.db.promptTemplate.count({ where: { id: fields.promptTemplateId } })) === 0) {
    fields.promptTemplateId = null;
    templateDropped = true;
  }
  const updated = await updateStrategy(ctx, { id: input.id, ...fields });
  await auditInWorkspace(ctx, {
    action: "strategy.version_restored",
    targetType: "Strategy",
    targetId: input.id,
    changes: { restoredVersion: input.version, newVersion: updated.currentVersion },
  });
  return { id: updated.id, currentVersion: updated.currentVersion, restoredVersion: input.version, templateDropped };
}

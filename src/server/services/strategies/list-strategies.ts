import type { z } from "zod";
import type { listStrategiesSchema, strategyVersionsSchema } from "@/schemas/strategies";
import type { WorkspaceContext } from "@/server/context";
import { effectivePromptTemplate } from "@/server/services/prompt-templates/effective-template";
import { containsText } from "@/server/db/text-search";
import { findStrategy } from "./strategy-records";

export async function listStrategies(ctx: WorkspaceContext, input: z.infer<typeof listStrategiesSchema>) {
  const rows = await ctx.db.strategy.findMany({
    where: {
      ...(input.isActive === undefined ? {} : { isActive: input.isActive }),
      ...(input.search
        ? {
            OR: [
              { name: containsText(input.search) },
              { description: containsText(input.search) },
              { tag: containsText(input.search) },
            ],
          }
        : {}),
      ...(input.cursor ? { id: { lt: input.cursor } } : {}),
    },
    orderBy: { id: "desc" },
    take: input.limit + 1,
    select: {
      id: true,
      name: true,
      description: true,
      tag: true,
      isActive: true,
      currentVersion: true,
      promptTemplateId: true,
      updatedAt: true,
      _count: { select: { leads: true } },
    },
  });
  const items = rows.slice(0, input.limit).map(({ _count, ...s }) => ({ ...s, leadCount: _count.leads }));
  return { items, nextCursor: rows.length > input.limit ? (items.at(-1)?.id ?? null) : null };
}

export async function getStrategy(ctx: WorkspaceContext, input: { id: number }) {
  const strategy = await findStrategy(ctx, input.id);
  return { ...strategy, effectivePromptTemplate: await effectivePromptTemplate(ctx, strategy.promptTemplateId) };
}

export async function listStrategyVersions(ctx: WorkspaceContext, input: z.infer<typeof strategyVersionsSchema>) {
  const strategy = await findStrategy(ctx, input.id);
  const rows = await ctx.db.strategyVersion.findMany({
    where: { strategyId: input.id, ...(input.cursor ? { id: { lt: input.cursor } } : {}) },
    orderBy: { id: "desc" },
    take: input.limit + 1,
    select: { id: true, version: true, snapshot: true, createdByUserId: true, createdAt: true },
  });
  const items = rows.slice(0, input.limit).map((v) => ({ ...v, isCurrent: v.version === strategy.currentVersion }));
  return { items, nextCursor: rows.length > input.limit ? (items.at(-1)?.id ?? null) : null };
}

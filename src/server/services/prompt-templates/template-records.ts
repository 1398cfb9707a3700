import type { z } from "zod";
import type { Prisma } from "@/generated/prisma/client";
import type { listPromptTemplatesSchema } from "@/schemas/prompt-templates";
import { AppError } from "@/server/errors";
import { containsText } from "@/server/db/text-search";

/**
 * The prompt template catalogue is platform-wide (no workspace): platform admins write it through unsafeDb;
 * workspaces read it through their tenant client, which keeps it read-only.
 */
export const summaryFields = {
  id: true,
  name: true,
  description: true,
  category: true,
  tags: true,
  isDefault: true,
  temperature: true,
  maxTokens: true,
  updatedAt: true,
} as const;

export function listArgs(input: z.infer<typeof listPromptTemplatesSchema>) {
  const where: Prisma.PromptTemplateWhereInput = {
    ...(input.category ? { category: input.category } : {}),
    ...(input.search
      ? {
          OR: [
            { name: containsText(input.search) },
            { description: containsText(input.search) },
            { tags: { has: input.search } },
          ],
        }
      : {}),
    ...(input.cursor ? { id: { lt: input.cursor } } : {}),
  };
  return { where, orderBy: { id: "desc" as const }, take: input.limit + 1, select: summaryFields };
}

export function page<T extends { id: number }>(rows: T[], limit: number) {
  const items = rows.slice(0, limit);
  return { items, nextCursor: rows.length > limit ? (items.at(-1)?.id ?? null) : null };
}

export function found<T>(template: T | null): T {
  if (!template) throw new AppError("NOT_FOUND", "No such prompt template.");
  return template;
}

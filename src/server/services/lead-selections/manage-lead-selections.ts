import type { z } from "zod";
import type { Prisma } from "@/generated/prisma/client";
import {
  leadSelectionFiltersSchema,
  type createLeadSelectionSchema,
  type leadSelectionIdSchema,
  type renameLeadSelectionSchema,
  type updateLeadSelectionFiltersSchema,
} from "@/schemas/lead-selections";
import type { CampaignLeadFilters } from "@/schemas/campaigns";
import type { LeadFilters } from "@/schemas/leads";
import type { WorkspaceContext } from "@/server/context";
import { isUniqueViolation } from "@/server/db/errors";
import { AppError } from "@/server/errors";

const selectionFields = {
  id: true,
  name: true,
  filters: true,
  createdByUserId: true,
  createdAt: true,
  updatedAt: true,
  createdBy: { select: { id: true, name: true } },
} as const;

type SelectionRow = Prisma.LeadSelectionGetPayload<{ select: typeof selectionFields }>;

const notFound = () => new AppError("NOT_FOUND", "No such saved selection in this workspace (it may have been deleted).");
const nameTaken = (name: string) => AppError.field("name", `A saved selection named “${name}” already exists; choose another name.`);

/**
 * A stored selection's filters, read back through the same schema that checked them on save. A row whose filters
 * no longer pass (written by an older version) reads as null: shown as unusable rather than applied half.
 */
export function storedFilters(filters: Prisma.JsonValue): LeadFilters | null {
  const parsed = leadSelectionFiltersSchema.safeParse(filters);
  return parsed.success ? parsed.data : null;
}

/** The creator, a workspace admin, or a platform admin acting in the workspace. */
function mayDelete(ctx: WorkspaceContext, row: { createdByUserId: number | null }): boolean {
  const account = ctx.account;
  if (!account) return false;
  if (account.kind === "admin") return true;
  return account.role === "admin" || row.createdByUserId === account.id;
}

function present(ctx: WorkspaceContext, row: SelectionRow) {
  return {
    id: row.id,
    name: row.name,
    filters: storedFilters(row.filters),
    createdBy: row.createdBy,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    canDelete: mayDelete(ctx, row),
  };
}

/** A strategy or owner named by the filters must be one of this workspace's, so a selection never names another's. */
async function checkFilterIds(ctx: WorkspaceContext, filters: LeadFilters) {
  if (filters.strategyId !== undefined) {
    const strategy = await ctx.db.strategy.findUnique({ where: { id: filters.strategyId }, select: { id: true } });
    if (!strategy) throw AppError.field("filters", "The strategy in these filters is not one of this workspace's.");
  }
  if (filters.ownerId !== undefined && filters.ownerId !== null) {
    const owner = await ctx.db.user.findUnique({ where: { id: filters.ownerId }, select: { id: true } });
    if (!owner) throw AppError.field("filters", "The owner in these filters is not a member of this workspace.");
  }
}

/** Only what narrows the list is kept (no empty search), so equal filters are stored alike. */
function normalised(filters: LeadFilters): LeadFilters {
  return {
    ...(filters.search ? { search: filters.search } : {}),
    ...(filters.status ? { status: filters.status } : {}),
    ...(filters.strategyId !== undefined ? { strategyId: filters.strategyId } : {}),
    ...(filters.ownerId !== undefined ? { ownerId: filters.ownerId } : {}),
    ...(filters.created && (filters.created.from || filters.created.to) ? { created: filters.created } : {}),
    archived: filters.archived,
  };
}

const asJson = (filters: LeadFilters) => JSON.parse(JSON.stringify(filters)) as Prisma.InputJsonValue;

export async function listLeadSelections(ctx: WorkspaceContext) {
  const rows = await ctx.db.leadSelection.findMany({ select: selectionFields, orderBy: [{ name: "asc" }, { id: "asc" }], take: 500 });
  return rows.map((row) => present(ctx, row));
}

export async function createLeadSelection(ctx: WorkspaceContext, input: z.output<typeof createLeadSelectionSchema>) {
  const filters = normalised(input.filters);
  await checkFilterIds(ctx, filters);
  const createdByUserId = ctx.account?.kind === "user" ? ctx.account.id : null;
  try {
    const row = await ctx.db.leadSelection.create({
      data: { subAccountId: ctx.workspace.id, name: input.name, filters: asJson(filters), createdByUserId },
      select: selectionFields,
    });
    return present(ctx, row);
  } catch (e) {
    if (isUniqueViolation(e)) throw nameTaken(input.name);
    throw e;
  }
}

export async function renameLeadSelection(ctx: WorkspaceContext, input: z.output<typeof renameLeadSelectionSchema>) {
  try {
    const { count } = await ctx.db.leadSelection.updateMany({ where: { id: input.id }, data: { name: input.name } });
    if (count === 0) throw notFound();
  } catch (e) {
    if (isUniqueViolation(e)) throw nameTaken(input.name);
    throw e;
  }
  return present(ctx, await ctx.db.leadSelection.findUniqueOrThrow({ where: { id: input.id }, select: selectionFields }));
}

export async function updateLeadSelectionFilters(ctx: WorkspaceContext, input: z.output<typeof updateLeadSelectionFiltersSchema>) {
  const filters = normalised(input.filters);
  await checkFilterIds(ctx, filters);
  const { count } = await ctx.db.leadSelection.updateMany({ where: { id: input.id }, data: { filters: asJson(filters) } });
  if (count === 0) throw notFound();
  return present(ctx, await ctx.db.leadSelection.findUniqueOrThrow({ where: { id: input.id }, select: selectionFields }));
}

/** The creator or a workspace admin deletes; campaigns scheduled from it keep their own copy of its filters. */
export async function deleteLeadSelection(ctx: WorkspaceContext, input: z.output<typeof leadSelectionIdSchema>) {
  const row = await ctx.db.leadSelection.findUnique({ where: { id: input.id }, select: { id: true, createdByUserId: true } });
  if (!row) throw notFound();
  if (!mayDelete(ctx, row)) throw new AppError("FORBIDDEN", "Only the person who saved this selection, or a workspace admin, can delete it.");
  const { count } = await ctx.db.leadSelection.deleteMany({ where: { id: input.id } });
  if (count === 0) throw notFound();
  return { id: input.id };
}

/** A selection's filters for a campaign's recipients; a selection of archived leads cannot be texted. */
export async function selectionFiltersForCampaign(ctx: WorkspaceContext, selectionId: number) {
  const row = await ctx.db.leadSelection.findUnique({ where: { id: selectionId }, select: { id: true, name: true, filters: true } });
  if (!row) throw AppError.field("audience", "This saved selection no longer exists (someone deleted it); choose another one.");
  const filters = storedFilters(row.filters);
  if (!filters) throw AppError.field("audience", `The saved selection “${row.name}” can no longer be read; save it again from the leads page.`);
  if (filters.archived) {
    throw AppError.field("audience", `The saved selection “${row.name}” lists archived leads, and archived leads are never texted; choose another one.`);
  }
  const campaignFilters: CampaignLeadFilters = {
    ...(filters.search !== undefined ? { search: filters.search } : {}),
    ...(filters.status !== undefined ? { status: filters.status } : {}),
    ...(filters.strategyId !== undefined ? { strategyId: filters.strategyId } : {}),
    ...(filters.ownerId !== undefined ? { ownerId: filters.ownerId } : {}),
    ...(filters.created !== undefined ? { created: filters.created } : {}),
  };
  return { selection: { id: row.id, name: row.name }, filters: campaignFilters };
}

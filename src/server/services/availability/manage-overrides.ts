import { type ListOverridesInput, type SetOverrideInput, type TimeInterval } from "@/schemas/bookings";
import { AppError } from "@/server/errors";
import type { WorkspaceContext } from "@/server/context";
import { auditInWorkspace } from "@/server/services/audit/record-audit";
import { resolveCalendarUser } from "./access";
import { isUniqueViolation } from "@/server/db/errors";

const overrideFields = { id: true, userId: true, date: true, isDayOff: true, intervals: true, createdAt: true } as const;

const toDate = (key: string) => new Date(`${key}T00:00:00Z`);

const presentOverride = (o: { id: number; userId: number; date: Date; isDayOff: boolean; intervals: unknown; createdAt: Date }) => ({
  ...o,
  date: o.date.toISOString().slice(0, 10),
  intervals: (o.isDayOff ? [] : (o.intervals as TimeInterval[])) satisfies TimeInterval[],
});

/** A user's date overrides, oldest date first. Own by default; managers and admins may read anyone's. */
export async function listOverrides(ctx: WorkspaceContext, input: ListOverridesInput) {
  const user = await resolveCalendarUser(ctx, input.userId, "manager");
  const cursorRow = input.cursor
    ? await ctx.db.availabilityOverride.findFirst({ where: { id: input.cursor, userId: user.id }, select: { date: true } })
    : null;
  const rows = await ctx.db.availabilityOverride.findMany({
    where: {
      userId: user.id,
      date: {
        ...(input.from ? { gte: toDate(input.from) } : {}),
        ...(input.to ? { lte: toDate(input.to) } : {}),
        ...(cursorRow ? { gt: cursorRow.date } : {}),
      },
    },
    orderBy: { date: "asc" },
    take: input.limit + 1,
    select: overrideFields,
  });
  const items = rows.slice(0, input.limit).map(presentOverride);
  return { items, nextCursor: rows.length > input.limit ? (items.at(-1)?.id ?? null) : null };
}

/** Sets (creates or replaces) the override of one date. Own, or anyone's for an admin. */
export async function setOverride(ctx: WorkspaceContext, input: SetOverrideInput) {
  const user = await resolveCalendarUser(ctx, input.userId, "admin");
  const date = toDate(input.date);
  const intervals = input.isDayOff ? [] : [...input.intervals].sort((a, b) => a[0].localeCompare(b[0]));
  const existing = await ctx.db.availabilityOverride.findFirst({ where: { userId: user.id, date }, select: { id: true } });
  const saved = existing
    ? await ctx.db.availabilityOverride.update({ where: { id: existing.id }, data: { isDayOff: input.isDayOff, intervals }, select: overrideFields })
    : await ctx.db.availabilityOverride
        .create({ data: { subAccountId: ctx.workspace.id, userId: user.id, date, isDayOff: input.isDayOff, intervals }, select: overrideFields })
        .catch((e: unknown) => {
          if (isUniqueViolation(e)) throw AppError.field("date", "This date was just given an override. Reload and try again.");
          throw e;
        });
  await auditInWorkspace(ctx, {
    action: "availability.override_set",
    targetType: "User",
    targetId: user.id,
    changes: { date: input.date, isDayOff: input.isDayOff, intervals },
  });
  return presentOverride(saved);
}

export async function removeOverride(ctx: WorkspaceContext, input: { id: number }) {
  const override = await ctx.db.availabilityOverride.findUnique({ where: { id: input.id }, select: overrideFields });
  if (!override) throw new AppError("NOT_FOUND", "No such date override in this workspace.");
  await resolveCalendarUser(ctx, override.userId, "admin");
  await ctx.db.availabilityOverride.delete({ where: { id: override.id } });
  await auditInWorkspace(ctx, {
    action: "availability.override_removed",
    targetType: "User",
    targetId: override.userId,
    changes: { date: presentOverride(override).date },
  });
  return { id: override.id };
}

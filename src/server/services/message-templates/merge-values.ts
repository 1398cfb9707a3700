import { Prisma } from "@/generated/prisma/client";
import { firstNameOf, type MergeValues } from "@/lib/merge-fields";
import type { WorkspaceContext } from "@/server/context";

interface MergeRow {
  id: number;
  name: string;
  timezone: string | null;
  ownerName: string | null;
  nextBookingAt: Date | null;
}

/** The workspace's zone (settings.timezone), UTC when none is set. */
export async function workspaceZone(ctx: WorkspaceContext): Promise<string> {
  const workspace = await ctx.db.subAccount.findFirst({ select: { settings: true } });
  const zone = (workspace?.settings as { timezone?: unknown } | null)?.timezone;
  return typeof zone === "string" && zone ? zone : "UTC";
}

/** "Tue, Mar 10, 3:00 PM EDT": a booking on the lead's clock, with the zone, as a lead reads it. */
export function formatBookingTime(instant: Date, timeZone: string): string {
  return new Intl.DateTimeFormat("en-US", {
    weekday: "short",
    month: "short",
    day: "numeric",
    hour: "numeric",
    minute: "2-digit",
    timeZone,
    timeZoneName: "short",
  }).format(instant);
}

/**
 * Merge values of many leads in one query: first name, owner, workspace name, and the next booking (pending or
 * confirmed, still ahead) on the lead's clock (the workspace's zone when the lead's is unknown). A value that does
 * not exist (no owner, no booking) renders as empty text.
 */
export async function loadMergeValues(ctx: WorkspaceContext, leadIds: readonly number[]): Promise<Map<number, MergeValues>> {
  const values = new Map<number, MergeValues>();
  if (leadIds.length === 0) return values;
  const zone = await workspaceZone(ctx);
  const rows = await ctx.db.$queryWorkspace<MergeRow>(
    (workspaceId) => Prisma.sql`SELECT l.id, l.name, l.timezone, o.name AS "ownerName", nb."startsAt" AS "nextBookingAt"
      FROM "Lead" l
      LEFT JOIN "User" o ON o."subAccountId" = l."subAccountId" AND o.id = l."ownerId"
      LEFT JOIN LATERAL (
        SELECT b."startsAt" FROM "Booking" b
        WHERE b."subAccountId" = l."subAccountId" AND b."leadId" = l.id AND b.status IN ('pending', 'confirmed') AND b."startsAt" > now()
        ORDER BY b."startsAt" LIMIT 1
      ) nb ON true
      WHERE l."subAccountId" = ${workspaceId} AND l.id = ANY(${[...leadIds]}::int[])`,
  );
  for (const row of rows) {
    values.set(row.id, {
      "lead.firstName": firstNameOf(row.name),
      "owner.name": row.ownerName ?? "",
      "workspace.name": ctx.workspace.name,
      "booking.next": row.nextBookingAt ? formatBookingTime(row.nextBookingAt, validZone(row.timezone) ?? zone) : "",
    });
  }
  return values;
}

function validZone(zone: string | null): string | null {
  if (!zone) return null;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return zone;
  } catch {
    return null;
  }
}

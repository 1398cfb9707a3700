import { TRPCError } from "@trpc/server";
import type { UserRole } from "@/generated/prisma/client";
import { unsafeDb } from "@/server/db/client";
import { createUser, createWorkspace, signedInCaller } from "../support/factories";

type Caller = Awaited<ReturnType<typeof signedInCaller>>["caller"];
type Week = Partial<Record<"mon" | "tue" | "wed" | "thu" | "fri" | "sat" | "sun", [string, string][]>>;

export const WEEKDAYS_9_TO_5: Week = {
  mon: [["09:00", "17:00"]],
  tue: [["09:00", "17:00"]],
  wed: [["09:00", "17:00"]],
  thu: [["09:00", "17:00"]],
  fri: [["09:00", "17:00"]],
};
export const ALL_DAY_EVERY_DAY: Week = Object.fromEntries(
  ["mon", "tue", "wed", "thu", "fri", "sat", "sun"].map((d) => [d, [["00:00", "24:00"]]]),
) as Week;

/** A workspace with one member (own caller) whose schedule is set through the real procedure. */
export async function memberWithSchedule(opts: {
  timezone: string;
  weeklyHours: Week;
  slotMinutes?: number;
  bufferBeforeMin?: number;
  bufferAfterMin?: number;
  minNoticeMinutes?: number;
  maxPerDay?: number | null;
  role?: UserRole;
  subAccountId?: number;
}) {
  const subAccountId = opts.subAccountId ?? (await createWorkspace("Bookings")).id;
  const user = await createUser({ subAccountId, role: opts.role ?? "user" });
  const { caller } = await signedInCaller({ kind: "user", id: user.id });
  await caller.availability.updateSchedule({
    timezone: opts.timezone,
    weeklyHours: opts.weeklyHours,
    slotMinutes: opts.slotMinutes ?? 60,
    bufferBeforeMin: opts.bufferBeforeMin ?? 0,
    bufferAfterMin: opts.bufferAfterMin ?? 0,
    minNoticeMinutes: opts.minNoticeMinutes ?? 0,
    maxPerDay: opts.maxPerDay ?? null,
  });
  return { subAccountId, user, caller: caller as Caller };
}

export const iso = (d: Date) => d.toISOString().replace(".000Z", "Z");

/** The rejection of a call, as a TRPCError with its field errors. */
export async function rejectionOf(promise: Promise<unknown>) {
  const outcome = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(outcome instanceof TRPCError)) throw new Error(`expected a TRPCError, got ${outcome === null ? "success" : String(outcome)}`);
  const shape = (outcome.cause as { fieldErrors?: Record<string, string[]> } | undefined)?.fieldErrors;
  const zodIssues = (outcome.cause as { issues?: { path: PropertyKey[]; message: string }[] } | undefined)?.issues;
  const fieldErrors: Record<string, string[]> = { ...(shape ?? {}) };
  for (const issue of zodIssues ?? []) (fieldErrors[String(issue.path[0] ?? "")] ??= []).push(issue.message);
  return { code: outcome.code, message: outcome.message, fieldErrors };
}

export const bookingCount = (userId: number) => unsafeDb.booking.count({ where: { userId } });

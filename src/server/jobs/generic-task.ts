import { z } from "zod";
import { idSchema, text } from "@/schemas/common";
import type { WorkspaceJobContext } from "@/server/context";
import { AppError } from "@/server/errors";
import { defineJob } from "./define";

interface GenericTask<A extends z.ZodType> {
  readonly description: string;
  readonly args: A;
  run(ctx: WorkspaceJobContext, args: z.output<A>): Promise<Record<string, unknown>>;
}

const task = <A extends z.ZodType>(t: GenericTask<A>) => t;

/**
 * The fixed registry of generic tasks a workspace may run through the `generic-task` job. Each task is
 * real work on the workspace's own data; its args are validated at enqueue time.
 */
export const GENERIC_TASKS = {
  "recount-workspace-stats": task({
    description: "Counts the workspace's leads, bookings and contact submissions.",
    args: z.object({}).strict(),
    async run({ db, reportProgress }) {
      const leads = await db.lead.count();
      const archivedLeads = await db.lead.count({ where: { archivedAt: { not: null } } });
      reportProgress(33);
      const byStatus = await db.booking.groupBy({ by: ["status"], _count: { _all: true } });
      reportProgress(66);
      const contactSubmissions = await db.contactSubmission.count();
      reportProgress(100);
      const bookings = Object.fromEntries(byStatus.map((row) => [row.status, row._count._all]));
      return {
        leads,
        archivedLeads,
        bookings: byStatus.reduce((sum, row) => sum + row._count._all, 0),
        bookingsByStatus: bookings,
        contactSubmissions,
      };
    },
  }),
  "recount-lead-activity": task({
    description: "Counts one lead's messages, notes and bookings.",
    args: z.object({ leadId: idSchema }).strict(),
    async run({ db, reportProgress }, { leadId }) {
      const lead = await db.lead.findUnique({ where: { id: leadId }, select: { id: true } });
      if (!lead) throw new AppError("NOT_FOUND", "No such lead in this workspace.");
      const messages = await db.message.count({ where: { leadId } });
      reportProgress(40);
      const notes = await db.leadNote.count({ where: { leadId } });
      reportProgress(70);
      const bookings = await db.booking.count({ where: { leadId } });
      reportProgress(100);
      return { leadId, messages, notes, bookings };
    },
  }),
} as const;

export type GenericTaskName = keyof typeof GENERIC_TASKS;
export const GENERIC_TASK_NAMES = Object.keys(GENERIC_TASKS) as [GenericTaskName, ...GenericTaskName[]];

export function getGenericTask(name: GenericTaskName): GenericTask<z.ZodType> {
  return GENERIC_TASKS[name] as unknown as GenericTask<z.ZodType>;
}

/** Runs one task of the fixed generic-task registry for the workspace whose JobRun it belongs to. */
export const genericTaskJob = defineJob({
  name: "generic-task",
  queue: "default",
  scope: "workspace",
  payload: z
    .object({ task: z.enum(GENERIC_TASK_NAMES), args: z.record(text().max(60), z.unknown()).default({}) })
    .strict()
    .superRefine((value, ctx) => {
      const parsed = getGenericTask(value.task).args.safeParse(value.args);
      if (parsed.success) return;
      for (const issue of parsed.error.issues) {
        const keys = issue.code === "unrecognized_keys" ? issue.keys : [undefined];
        for (const key of keys) {
          ctx.addIssue({
            code: "custom",
            path: ["args", ...issue.path.map(String), ...(key ? [key] : [])],
            message: issue.code === "unrecognized_keys" ? "Unknown field" : issue.message,
          });
        }
      }
    }),
  attempts: 3,
  backoff: { type: "exponential", delay: 5_000 },
  async process(ctx, { task, args }) {
    const definition = getGenericTask(task);
    return definition.run(ctx, definition.args.parse(args));
  },
});

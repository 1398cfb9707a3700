import { z } from "zod";
import { defineJob } from "../define";
import { GENERIC_TASK_NAMES, getGenericTask } from "../generic-tasks";

/** Runs one task of the fixed generic-task registry for the workspace whose JobRun it belongs to. */
export const genericTaskJob = defineJob({
  name: "generic-task",
  queue: "default",
  payload: z
    .object({ task: z.enum(GENERIC_TASK_NAMES), args: z.record(z.string(), z.unknown()).default({}) })
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
});

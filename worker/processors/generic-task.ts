import { tenantDb } from "@/server/db/tenant";
import { AppError } from "@/server/errors";
import { genericTaskJob } from "@/server/jobs/registry";
import { getGenericTask } from "@/server/jobs/generic-tasks";
import { defineProcessor } from "../processor";

/** A generic task works on the workspace of its JobRun, never on one named in the payload. */
export const genericTaskProcessor = defineProcessor(genericTaskJob, async ({ task, args }, { workspaceId, reportProgress }) => {
  if (workspaceId === null) throw new AppError("PRECONDITION_FAILED", "A generic task must be started by a workspace.");
  const definition = getGenericTask(task);
  const parsed = definition.args.parse(args);
  return definition.run(parsed, { db: tenantDb(workspaceId), workspaceId, reportProgress });
});

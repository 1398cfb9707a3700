import { listIncidentsSchema, resolveIncidentSchema, resumeLeadAiSchema } from "@/schemas/safety";
import { createTRPCRouter, managerProcedure } from "@/server/api/trpc";
import { listIncidents } from "@/server/services/safety/list-incidents";
import { resolveIncident } from "@/server/services/safety/resolve-incident";
import { resumeLeadAi } from "@/server/services/safety/resume-lead-ai";

/** The safety console: the workspace's security incidents, resolving them, and handing the AI back to a paused lead. */
export const safetyRouter = createTRPCRouter({
  incidents: managerProcedure.input(listIncidentsSchema).query(({ ctx, input }) => listIncidents(ctx, input)),
  resolve: managerProcedure.input(resolveIncidentSchema).mutation(({ ctx, input }) => resolveIncident(ctx, input)),
  resumeAi: managerProcedure.input(resumeLeadAiSchema).mutation(({ ctx, input }) => resumeLeadAi(ctx, input)),
});

import { z } from "zod";
import { idCursorSchema, idSchema, pageLimit } from "./common";

export const INCIDENT_FILTERS = ["open", "resolved", "all"] as const;

export const listIncidentsSchema = z.object({
  status: z.enum(INCIDENT_FILTERS, "Choose open, resolved or all").default("open"),
  cursor: idCursorSchema,
  limit: pageLimit(100, 25),
});

export const resolveIncidentSchema = z.object({ id: idSchema });

export const resumeLeadAiSchema = z.object({ leadId: idSchema });

export type ListIncidentsInput = z.infer<typeof listIncidentsSchema>;

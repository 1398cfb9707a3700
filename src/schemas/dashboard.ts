import { z } from "zod";
import { timeZoneSchema } from "./auth";

export const dashboardSummarySchema = z.object({ timezone: timeZoneSchema });
export type DashboardSummaryInput = z.infer<typeof dashboardSummarySchema>;

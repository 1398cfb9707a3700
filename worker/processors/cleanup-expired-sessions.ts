import { cleanupExpiredSessionsJob } from "@/server/jobs/registry";
import { cleanupExpiredSessions } from "@/server/services/auth/cleanup-expired-sessions";
import { defineProcessor } from "../processor";

export const cleanupExpiredSessionsProcessor = defineProcessor(cleanupExpiredSessionsJob, () => cleanupExpiredSessions());

import { z } from "zod";
import { idSchema } from "./common";

export const auditListSchema = z
  .object({
    cursor: z.bigint().positive().nullish(),
    limit: z.number().int().min(1).max(100).default(50),
    action: z.string().trim().max(120).optional(),
    actorUserId: idSchema.optional(),
    from: z.coerce.date().optional(),
    to: z.coerce.date().optional(),
  })
  .refine((r) => !r.from || !r.to || r.from <= r.to, { message: "The start must be before the end", path: ["to"] });

export const platformAuditListSchema = auditListSchema.and(
  z.object({ subAccountId: idSchema.optional(), actorAdminId: idSchema.optional() }),
);

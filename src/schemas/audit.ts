import { z } from "zod";
import { bigIdSchema, dateTimeSchema, idSchema, pageLimit, text } from "./common";

export const auditListSchema = z
  .object({
    cursor: bigIdSchema.nullish(),
    limit: pageLimit(100, 50),
    action: text().max(120).optional(),
    actorUserId: idSchema.optional(),
    from: dateTimeSchema.optional(),
    to: dateTimeSchema.optional(),
  })
  .refine((r) => !r.from || !r.to || r.from <= r.to, { message: "The start must be before the end", path: ["to"] });

export const platformAuditListSchema = auditListSchema.and(
  z.object({ subAccountId: idSchema.optional(), actorAdminId: idSchema.optional() }),
);

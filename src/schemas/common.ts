import { z } from "zod";

export const idSchema = z.number().int().positive();

/** Cursor pagination shared by every list: `cursor` is the last id of the previous page. */
export const paginationSchema = z.object({
  cursor: z.number().int().positive().nullish(),
  limit: z.number().int().min(1).max(100).default(25),
});

export const dateRangeSchema = z
  .object({ from: z.coerce.date().optional(), to: z.coerce.date().optional() })
  .refine((r) => !r.from || !r.to || r.from <= r.to, { message: "The start must be before the end", path: ["to"] });

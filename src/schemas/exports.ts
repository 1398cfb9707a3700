import { z } from "zod";
import { idSchema, paginationSchema } from "./common";

export const EXPORT_DATASETS = ["leads", "bookings", "contacts"] as const;
export type ExportDataset = (typeof EXPORT_DATASETS)[number];
export const EXPORT_FORMATS = ["csv", "xlsx"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const createExportSchema = z.object({
  datasets: z
    .array(z.enum(EXPORT_DATASETS, { message: "Choose leads, bookings or contacts" }))
    .min(1, "Choose at least one dataset")
    .max(EXPORT_DATASETS.length, "Each dataset may be chosen once")
    .refine((d) => new Set(d).size === d.length, "Each dataset may be chosen once"),
  format: z.enum(EXPORT_FORMATS, { message: "The format must be csv or xlsx" }),
  includePdfSummary: z.boolean().default(false),
});
export type CreateExportInput = z.input<typeof createExportSchema>;

export const listExportsSchema = paginationSchema;
export const exportIdSchema = z.object({ id: idSchema });

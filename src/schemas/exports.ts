import { z } from "zod";
import { idSchema, paginationSchema } from "./common";

export const EXPORT_DATASETS = ["leads", "bookings", "contacts", "form_submissions"] as const;
export type ExportDataset = (typeof EXPORT_DATASETS)[number];
/** The datasets of the Exports page; "form_submissions" is exported from a form's submissions, one form at a time. */
export const WORKSPACE_EXPORT_DATASETS = ["leads", "bookings", "contacts"] as const satisfies readonly ExportDataset[];
export const EXPORT_FORMATS = ["csv", "xlsx"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const createExportSchema = z
  .object({
    datasets: z
      .array(z.enum(EXPORT_DATASETS, { message: "Choose leads, bookings, contacts or form submissions" }))
      .min(1, "Choose at least one dataset")
      .max(EXPORT_DATASETS.length, "Each dataset may be chosen once")
      .refine((d) => new Set(d).size === d.length, "Each dataset may be chosen once"),
    format: z.enum(EXPORT_FORMATS, { message: "The format must be csv or xlsx" }),
    includePdfSummary: z.boolean().default(false),
    /** The form whose submissions "form_submissions" writes (that dataset goes alone, one form per file). */
    formId: idSchema.optional(),
  })
  .refine((e) => !e.datasets.includes("form_submissions") || (e.datasets.length === 1 && !e.includePdfSummary), {
    message: "Form submissions are exported alone, without a summary",
    path: ["datasets"],
  })
  .refine((e) => e.datasets.includes("form_submissions") === (e.formId !== undefined), {
    message: "Form submissions need their form, and only they take one",
    path: ["formId"],
  });
export type CreateExportInput = z.input<typeof createExportSchema>;

export const listExportsSchema = paginationSchema;
export const exportIdSchema = z.object({ id: idSchema });

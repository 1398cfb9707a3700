import { z } from "zod";
import { idCursorSchema, idSchema, INT4_MAX, pageLimit, paginationSchema, text, untrimmedText, wholeNumber } from "./common";

export const IMPORT_MAX_ROWS = 100_000;
export const IMPORT_MAX_BYTES = 50 * 1024 * 1024;
export const IMPORT_CONTENT_TYPES = {
  csv: "text/csv",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
} as const;

/** Lead fields a column can fill. `custom:<name>` columns go into the lead's custom fields; `ignore` drops it. */
export const IMPORT_FIELDS = [
  "name",
  "firstName",
  "lastName",
  "email",
  "phone",
  "company",
  "position",
  "timezone",
  "status",
  "source",
  "customId",
  "notes",
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

export const IMPORT_FIELD_LABELS: Record<ImportField, string> = {
  name: "Full name",
  firstName: "First name",
  lastName: "Last name",
  email: "Email",
  phone: "Phone",
  company: "Company",
  position: "Position",
  timezone: "Time zone",
  status: "Status",
  source: "Source",
  customId: "Custom id",
  notes: "Notes",
};

export const CUSTOM_FIELD_PREFIX = "custom:";
const CUSTOM_FIELD_NAME = /^[\p{L}\p{N} _.-]{1,60}$/u;

export const importTargetSchema = z.union([
  z.enum(IMPORT_FIELDS),
  z.literal("ignore"),
  text()
    .max(CUSTOM_FIELD_PREFIX.length + 70, "A custom field name has 1-60 letters, digits, spaces, dots, dashes or underscores")
    .startsWith(CUSTOM_FIELD_PREFIX)
    .refine((v) => CUSTOM_FIELD_NAME.test(v.slice(CUSTOM_FIELD_PREFIX.length).trim()), {
      message: "A custom field name has 1-60 letters, digits, spaces, dots, dashes or underscores",
    }),
]);
export type ImportTarget = z.infer<typeof importTargetSchema>;

/** Column index (as a string: "0", "1", …) -> target. Columns left out are ignored. */
export const importMappingSchema = z
  .record(text().max(4, "Columns are numbered from 0").regex(/^\d{1,4}$/, "Columns are numbered from 0"), importTargetSchema)
  .superRefine((mapping, ctx) => {
    const seen = new Map<string, string>();
    for (const [column, target] of Object.entries(mapping)) {
      if (target === "ignore") continue;
      const key = target.startsWith(CUSTOM_FIELD_PREFIX) ? target.toLowerCase().trim() : target;
      const other = seen.get(key);
      if (other !== undefined) {
        ctx.addIssue({ code: "custom", path: [column], message: `Columns ${Number(other) + 1} and ${Number(column) + 1} both fill "${target}"` });
      }
      seen.set(key, column);
    }
    const targets = new Set(Object.values(mapping));
    if (!targets.has("name") && !targets.has("firstName") && !targets.has("lastName")) {
      ctx.addIssue({ code: "custom", path: [], message: "Map a column to the lead's name (full name, or first/last name)" });
    }
    if (targets.has("name") && (targets.has("firstName") || targets.has("lastName"))) {
      ctx.addIssue({ code: "custom", path: [], message: "Map either a full-name column or first/last-name columns, not both" });
    }
  });
export type ImportMapping = z.infer<typeof importMappingSchema>;

export const createImportUploadSchema = z.object({
  fileName: text().min(1, "The file has no name").max(255, "The file name is too long"),
  contentType: text().max(200, "The file type is too long"),
  size: wholeNumber(0, INT4_MAX, "The file size"),
});

export const createImportSchema = z.object({
  key: untrimmedText().min(1).max(1024),
  fileName: text().min(1, "The file has no name").max(255, "The file name is too long"),
});

export const importIdSchema = z.object({ id: idSchema });

export const selectImportSheetSchema = z.object({ id: idSchema, sheetName: untrimmedText().min(1, "Choose a sheet").max(200) });

export const startImportSchema = z.object({
  id: idSchema,
  mapping: importMappingSchema,
  /** A row whose email or phone matches an existing lead: leave that lead alone (skip) or fill it from the row (update). */
  duplicateMode: z.enum(["skip", "update"], { message: "Choose skip or update for duplicates" }),
  ownerId: idSchema.nullish(),
  strategyId: idSchema.nullish(),
});
export type StartImportInput = z.input<typeof startImportSchema>;

export const listImportsSchema = paginationSchema;

export const listImportIssuesSchema = z.object({
  id: idSchema,
  cursor: idCursorSchema,
  limit: pageLimit(100, 50),
});

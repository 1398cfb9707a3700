import type { CountryCode } from "libphonenumber-js/max";
import { emailSchema, isValidTimeZone } from "@/schemas/auth";
import { CUSTOM_FIELD_PREFIX, IMPORT_FIELD_LABELS, type ImportMapping } from "@/schemas/imports";
import { LEAD_STATUSES, type LeadStatusValue } from "@/schemas/leads";
import { AppError } from "@/server/errors";
import { normalizePhone } from "@/server/services/phone";

/** The lead a valid row describes; null means the row leaves that field empty. */
export interface ImportedLeadValues {
  name: string;
  email: string | null;
  phone: string | null;
  company: string | null;
  position: string | null;
  timezone: string | null;
  status: LeadStatusValue | null;
  source: string | null;
  customId: string | null;
  notes: string | null;
  customFields: Record<string, string>;
}

export interface RowIssue {
  column: string | null;
  value: string | null;
  reason: string;
}

export type ValidatedRow = { ok: true; lead: ImportedLeadValues } | { ok: false; issues: RowIssue[] };

interface ColumnPlan {
  index: number;
  header: string;
  target: string;
}

/** The mapping resolved once per import: which column fills what, with the header to name in errors. */
export function planColumns(headers: string[], mapping: ImportMapping): ColumnPlan[] {
  return Object.entries(mapping)
    .filter(([, target]) => target !== "ignore")
    .map(([column, target]) => ({ index: Number(column), header: headers[Number(column)] ?? `Column ${Number(column) + 1}`, target }))
    .sort((a, b) => a.index - b.index);
}

const NAME_LIMIT = 160;
const LIMITS: Record<string, number> = { company: 160, position: 160, source: 120, customId: 120, notes: 5_000 };
const CUSTOM_VALUE_LIMIT = 1_000;

/** Normalizes one row (E.164 phones, lower-case emails, IANA zones) or says, per column, what is wrong with it. */
export function validateImportRow(cells: string[], plan: ColumnPlan[], region: CountryCode): ValidatedRow {
  const issues: RowIssue[] = [];
  const text: Record<string, string> = {};
  const customFields: Record<string, string> = {};
  const columnOf: Record<string, ColumnPlan> = {};

  for (const column of plan) {
    const value = (cells[column.index] ?? "").trim();
    if (column.target.startsWith(CUSTOM_FIELD_PREFIX)) {
      if (value === "") continue;
      if (value.length > CUSTOM_VALUE_LIMIT) {
        issues.push({ column: column.header, value: value.slice(0, 100), reason: `Longer than ${CUSTOM_VALUE_LIMIT} characters` });
      } else customFields[column.target.slice(CUSTOM_FIELD_PREFIX.length).trim()] = value;
      continue;
    }
    columnOf[column.target] = column;
    if (value === "") continue;
    const limit = LIMITS[column.target];
    if (limit !== undefined && value.length > limit) {
      issues.push({ column: column.header, value: value.slice(0, 100), reason: `${labelOf(column.target)} is longer than ${limit} characters` });
      continue;
    }
    text[column.target] = value;
  }

  const name = text.name ?? [text.firstName, text.lastName].filter(Boolean).join(" ");
  const nameColumn = columnOf.name ?? columnOf.firstName ?? columnOf.lastName;
  if (name === "") issues.push({ column: nameColumn?.header ?? null, value: null, reason: "The name is empty" });
  else if (name.length > NAME_LIMIT) {
    issues.push({ column: nameColumn?.header ?? null, value: name.slice(0, 100), reason: `The name is longer than ${NAME_LIMIT} characters` });
  }

  let email: string | null = null;
  if (text.email !== undefined) {
    const parsed = emailSchema.safeParse(text.email);
    if (parsed.success) email = parsed.data;
    else issues.push({ column: columnOf.email!.header, value: text.email, reason: "Not a valid email address" });
  }

  let phone: string | null = null;
  if (text.phone !== undefined) {
    try {
      phone = normalizePhone(text.phone, region);
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      issues.push({ column: columnOf.phone!.header, value: text.phone, reason: e.message.replace(/^"[^"]*" /, "The phone ") });
    }
  }

  let timezone: string | null = null;
  if (text.timezone !== undefined) {
    if (isValidTimeZone(text.timezone)) timezone = text.timezone;
    else issues.push({ column: columnOf.timezone!.header, value: text.timezone, reason: "Unknown time zone (use an IANA name such as America/New_York)" });
  }

  let status: LeadStatusValue | null = null;
  if (text.status !== undefined) {
    const wanted = text.status.toLowerCase().replace(/\s+/g, "_") as LeadStatusValue;
    if ((LEAD_STATUSES as readonly string[]).includes(wanted)) status = wanted;
    else issues.push({ column: columnOf.status!.header, value: text.status, reason: `Unknown status (use one of: ${LEAD_STATUSES.join(", ")})` });
  }

  if (issues.length > 0) return { ok: false, issues };
  return {
    ok: true,
    lead: {
      name,
      email,
      phone,
      company: text.company ?? null,
      position: text.position ?? null,
      timezone,
      status,
      source: text.source ?? null,
      customId: text.customId ?? null,
      notes: text.notes ?? null,
      customFields,
    },
  };
}

function labelOf(target: string): string {
  return IMPORT_FIELD_LABELS[target as keyof typeof IMPORT_FIELD_LABELS] ?? target;
}

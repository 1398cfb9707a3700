import { stripUnstorable } from "@/schemas/common";
import type { FormDefinition, FormField } from "@/schemas/forms";
import { isEmptyAnswer, visibleFields, type AnswerValue } from "./logic";

/**
 * Checks a visitor's answers against one version of a form: the page runs it as the visitor types, the submission
 * service runs it again on what arrives (nothing from the browser is trusted). Unknown keys are dropped, values are
 * coerced to their field's type, fields hidden or skipped by logic lose their value before any check, and every
 * problem is a sentence naming the field's label.
 */
export interface ValidatedAnswers {
  values: Record<string, AnswerValue>;
  errors: Record<string, string>;
  /** The consent fields agreed to, with the exact words shown (stored with the answer). */
  consents: { field: string; channel: "sms" | "email" | null; text: string }[];
}

/** How many files one file field takes. */
export const FORM_FILE_MAX_COUNT = 5;

const TEXT_MAX: Partial<Record<FormField["type"], number>> = { short_text: 500, long_text: 5000, email: 254, phone: 40, hidden: 500 };
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function coerce(field: FormField, raw: unknown): AnswerValue {
  if (raw === null || raw === undefined) return undefined;
  switch (field.type) {
    case "number":
    case "rating": {
      const n = typeof raw === "number" ? raw : typeof raw === "string" && raw.trim() !== "" ? Number(raw.trim()) : NaN;
      return Number.isFinite(n) ? n : typeof raw === "string" ? stripUnstorable(raw).slice(0, 100) : undefined;
    }
    case "checkbox":
    case "consent":
      return raw === true || raw === "true" || raw === "on";
    case "file":
      // Uploaded files are named by their upload ids; the submission service checks each belongs to this visitor.
      return Array.isArray(raw) ? raw.filter((x): x is string => typeof x === "string").slice(0, 20).map((x) => x.trim()) : typeof raw === "string" ? [raw.trim()] : undefined;
    case "multiple_choice":
      return Array.isArray(raw) ? raw.filter((x): x is string => typeof x === "string").slice(0, 100).map((x) => stripUnstorable(x).trim()) : typeof raw === "string" ? [stripUnstorable(raw).trim()] : undefined;
    default:
      return typeof raw === "string" || typeof raw === "number" ? stripUnstorable(String(raw)).trim() : undefined;
  }
}

function problemOf(field: FormField, value: AnswerValue): string | null {
  const label = field.label;
  if (isEmptyAnswer(value)) return field.required ? (field.type === "consent" || field.type === "checkbox" ? `Please tick "${label}".` : `"${label}" is required.`) : null;
  switch (field.type) {
    case "short_text":
    case "long_text":
    case "hidden":
    case "email":
    case "phone": {
      const s = String(value);
      const max = Math.min(field.max ?? Infinity, TEXT_MAX[field.type] ?? 500);
      if (s.length > max) return `"${label}" is at most ${max} characters.`;
      if (field.min != null && s.length < field.min) return `"${label}" needs at least ${field.min} characters.`;
      if (field.type === "email" && !EMAIL.test(s)) return `"${label}" needs an email address like name@example.com.`;
      if (field.type === "phone") {
        const digits = s.replace(/\D/g, "").length;
        if (!/^\+?[\d\s().-]+$/.test(s) || digits < 7 || digits > 15) return `"${label}" needs a phone number (7 to 15 digits).`;
      }
      if (field.pattern && !new RegExp(field.pattern, "u").test(s)) return `"${label}" is not in the expected format.`;
      return null;
    }
    case "number":
    case "rating": {
      if (typeof value !== "number") return `"${label}" needs a number.`;
      const min = field.type === "rating" ? Math.max(1, field.min ?? 1) : field.min;
      const max = field.type === "rating" ? Math.min(10, field.max ?? 5) : field.max;
      if (field.type === "rating" && !Number.isInteger(value)) return `"${label}" needs a whole number of stars.`;
      if (min != null && value < min) return `"${label}" must be at least ${min}.`;
      if (max != null && value > max) return `"${label}" must be at most ${max}.`;
      return null;
    }
    case "single_choice":
      return field.options?.includes(String(value)) ? null : `Choose one of the options for "${label}".`;
    case "multiple_choice": {
      const picked = value as string[];
      if (new Set(picked).size !== picked.length || picked.some((p) => !field.options?.includes(p))) return `Choose among the options for "${label}".`;
      if (field.min != null && picked.length < field.min) return `Choose at least ${field.min} for "${label}".`;
      if (field.max != null && picked.length > field.max) return `Choose at most ${field.max} for "${label}".`;
      return null;
    }
    case "file": {
      const ids = value as string[];
      if (ids.some((id) => !/^[1-9]\d{0,9}$/.test(id)) || new Set(ids).size !== ids.length) return `"${label}" has a file that was not uploaded here.`;
      if (ids.length > FORM_FILE_MAX_COUNT) return `"${label}" takes at most ${FORM_FILE_MAX_COUNT} files.`;
      return null;
    }
    case "date": {
      const s = String(value);
      const d = new Date(`${s}T00:00:00Z`);
      if (!DATE.test(s) || Number.isNaN(d.getTime()) || !d.toISOString().startsWith(s) || s < "1900-01-01" || s > "2200-12-31") return `"${label}" needs a date (YYYY-MM-DD).`;
      return null;
    }
    default:
      return null;
  }
}

export function validateAnswers(def: FormDefinition, raw: Readonly<Record<string, unknown>>): ValidatedAnswers {
  const coerced: Record<string, AnswerValue> = {};
  for (const f of def.fields) if (Object.hasOwn(raw, f.key)) coerced[f.key] = coerce(f, raw[f.key]);
  // Only fields the logic shows for these answers are checked and kept; a hidden field's value is dropped unread.
  const visibleKeys = new Set(visibleFields({ fields: def.fields, rules: def.rules }, coerced));
  const values: Record<string, AnswerValue> = {};
  const errors: Record<string, string> = {};
  const consents: ValidatedAnswers["consents"] = [];
  for (const f of def.fields) {
    if (!visibleKeys.has(f.key)) continue;
    const value = coerced[f.key];
    const problem = problemOf(f, value);
    if (problem) errors[f.key] = problem;
    else if (!isEmptyAnswer(value)) {
      values[f.key] = value;
      if (f.type === "consent" && value === true) consents.push({ field: f.key, channel: f.consentChannel ?? null, text: f.consentText ?? "" });
    }
  }
  return { values, errors, consents };
}

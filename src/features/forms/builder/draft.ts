import { checkLogic, type LogicOperator, type LogicProblem } from "@/lib/forms/logic";
import { FORM_FIELD_TYPE_LABELS, FORM_LEAD_FIELDS, type FormDefinition, type FormField, type FormFieldType, type FormSettingsInput, type FormSettingsView } from "@/schemas/forms";

/** What the builder edits: the form's draft (saved as the visitor cannot see it until published). */
export interface FormDraft {
  name: string;
  kind: "simple" | "card";
  description: string | null;
  definition: FormDefinition;
  settings: DraftSettings;
}

/** Settings as read back (the bot check's secret only as set / not set) plus a secret just typed, sent once saved. */
export type DraftSettings = FormSettingsView & { captchaSecret?: string };

export type LogicRule = FormDefinition["rules"][number];

export const LEAD_FIELD_LABELS: Record<(typeof FORM_LEAD_FIELDS)[number], string> = {
  name: "Name",
  email: "Email",
  phone: "Phone",
  company: "Company",
  position: "Position",
};

/** Short words that tell staff what each field type is for (the palette's second line). */
export const FIELD_TYPE_HINTS: Partial<Record<FormFieldType, string>> = {
  short_text: "One line",
  long_text: "A paragraph",
  single_choice: "Pick one",
  multiple_choice: "Pick several",
  checkbox: "Yes or no",
  rating: "Stars",
  consent: "SMS or email permission",
  hidden: "Filled from the link, e.g. utm_source",
  file: "Photos, PDFs, documents",
};

const DEFAULT_LABELS: Partial<Record<FormFieldType, string>> = {
  short_text: "Your answer",
  long_text: "Tell us more",
  email: "Email",
  phone: "Phone",
  number: "How many?",
  single_choice: "Choose one",
  multiple_choice: "Choose any",
  checkbox: "I agree",
  date: "Date",
  rating: "How would you rate us?",
  consent: "Consent to be contacted",
  hidden: "Source",
  file: "Attach a file",
};

export const DEFAULT_SMS_CONSENT =
  "I agree to receive text messages from this business at the number I entered. Message and data rates may apply. Reply STOP to opt out.";
export const DEFAULT_EMAIL_CONSENT = "I agree to receive emails from this business at the address I entered. I can unsubscribe at any time.";

/** A key no field of the form uses yet: the type's name and the next free number. Keys never show on screen. */
export function freshKey(fields: readonly FormField[], type: FormFieldType): string {
  const used = new Set(fields.map((f) => f.key));
  for (let n = 1; ; n++) {
    const key = `${type}_${n}`;
    if (!used.has(key)) return key;
  }
}

export function newField(fields: readonly FormField[], type: FormFieldType): FormField {
  const field: FormField = { key: freshKey(fields, type), type, label: DEFAULT_LABELS[type] ?? FORM_FIELD_TYPE_LABELS[type], required: false };
  const mapped = new Set(fields.flatMap((f) => (f.mapsTo?.kind === "lead" ? [f.mapsTo.field] : [])));
  if (type === "email" && !mapped.has("email")) field.mapsTo = { kind: "lead", field: "email" };
  if (type === "phone" && !mapped.has("phone")) field.mapsTo = { kind: "lead", field: "phone" };
  if (type === "single_choice" || type === "multiple_choice") field.options = ["Option 1", "Option 2"];
  if (type === "rating") field.max = 5;
  if (type === "consent") {
    field.consentChannel = "sms";
    field.consentText = DEFAULT_SMS_CONSENT;
    field.label = "Text messages";
  }
  if (type === "hidden") {
    field.urlParam = "utm_source";
    field.label = "Campaign source";
  }
  return field;
}

let ruleCounter = 0;
export function newRule(fields: readonly FormField[], kind: FormDraft["kind"]): LogicRule {
  ruleCounter += 1;
  const id = `r${Date.now().toString(36)}${ruleCounter}`;
  const first = fields[0]?.key ?? "";
  const last = fields.at(-1)?.key ?? "";
  return {
    id,
    match: "all",
    conditions: [{ field: first, operator: "equals", value: "" }],
    action: kind === "card" && fields.length > 2 ? { type: "skip", from: first, to: last } : { type: "show", field: last },
  };
}

export const OPERATORS_WITHOUT_VALUE: ReadonlySet<LogicOperator> = new Set(["is_empty", "is_not_empty"]);

/** Problems per rule id, as the server would refuse them (the same shared module). */
export function logicProblems(def: FormDefinition): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const problems: LogicProblem[] = checkLogic({ fields: def.fields.map((f) => ({ key: f.key, label: f.label })), rules: def.rules });
  for (const p of problems) out.set(p.ruleId, [...(out.get(p.ruleId) ?? []), p.message]);
  return out;
}

/** The list with one item moved from one place to another. */
export function moveItem<T>(list: readonly T[], from: number, to: number): T[] {
  const next = [...list];
  const moved = next.splice(from, 1);
  next.splice(to, 0, ...moved);
  return next;
}

/** A custom field name as typed ("Budget range") to the key stored on the lead ("budget_range"). */
export function customFieldKey(name: string): string {
  const key = name
    .normalize("NFKD")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^[^a-z]+/, "")
    .replace(/_+$/, "")
    .slice(0, 40);
  return key || "";
}

/** The key back as words for the builder's input ("budget_range" -> "budget range"). */
export const customFieldName = (key: string) => key.replaceAll("_", " ");

/** The draft as the server's updateDraft expects it: the secret only when one was typed (absent keeps the saved one). */
export function draftPayload(id: number, draft: FormDraft) {
  const { captchaSecret, captcha, ...rest } = draft.settings;
  const settings: FormSettingsInput = { ...rest };
  if (captcha) settings.captcha = { provider: captcha.provider, siteKey: captcha.siteKey ?? null, ...(captchaSecret ? { secret: captchaSecret } : {}) };
  return { id, name: draft.name, kind: draft.kind, description: draft.description || null, definition: draft.definition, settings };
}

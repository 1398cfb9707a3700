import { z } from "zod";
import { LOGIC_OPERATORS } from "@/lib/forms/logic";
import { idSchema, paginationSchema, strippedText, text, wholeNumber } from "./common";

export const FORM_FIELD_TYPES = [
  "short_text",
  "long_text",
  "email",
  "phone",
  "number",
  "single_choice",
  "multiple_choice",
  "checkbox",
  "date",
  "rating",
  "consent",
  "file",
  "hidden",
] as const;
export type FormFieldType = (typeof FORM_FIELD_TYPES)[number];

export const FORM_FIELD_TYPE_LABELS: Record<FormFieldType, string> = {
  short_text: "Short text",
  long_text: "Long text",
  email: "Email",
  phone: "Phone",
  number: "Number",
  single_choice: "Single choice",
  multiple_choice: "Multiple choice",
  checkbox: "Checkbox",
  date: "Date",
  rating: "Rating",
  consent: "Consent",
  file: "File upload",
  hidden: "Hidden (from the link)",
};

/** Lead columns a field may fill; anything else goes to the lead's custom fields. */
export const FORM_LEAD_FIELDS = ["name", "email", "phone", "company", "position"] as const;

/** What a file field may accept: the content types of each kind (never SVG or HTML: files are served from our origin). */
export const FORM_FILE_KINDS = {
  image: { label: "Images (PNG, JPEG, GIF, WebP)", contentTypes: ["image/png", "image/jpeg", "image/gif", "image/webp"] },
  pdf: { label: "PDF documents", contentTypes: ["application/pdf"] },
  document: {
    label: "Word and text documents",
    contentTypes: ["text/plain", "application/msword", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"],
  },
  spreadsheet: { label: "Spreadsheets (CSV, Excel)", contentTypes: ["text/csv", "application/vnd.ms-excel", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"] },
} as const;
export const FORM_FILE_KIND_KEYS = ["image", "pdf", "document", "spreadsheet"] as const;
export type FormFileKind = (typeof FORM_FILE_KIND_KEYS)[number];
/** The largest file a form may take, and the limit when a field names none. */
export const FORM_FILE_MAX_MB = 25;
export const FORM_FILE_DEFAULT_MB = 10;

const fieldKey = text()
  .min(1, "A field needs a key")
  .max(40, "A field key is at most 40 characters")
  .regex(/^[a-z][a-z0-9_]*$/, "A field key uses lowercase letters, digits and underscores, starting with a letter");

const BOUND = 1_000_000_000;

const isRegex = (s: string) => {
  try {
    new RegExp(s, "u");
    return true;
  } catch {
    return false;
  }
};

export const formFieldSchema = z.object({
  key: fieldKey,
  type: z.enum(FORM_FIELD_TYPES, "Choose a field type"),
  label: text().min(1, "A field needs a label").max(200, "A label is at most 200 characters"),
  help: text().max(500, "Help text is at most 500 characters").nullish(),
  required: z.boolean().default(false),
  /** Length for text, value for numbers, stars for ratings, selections for multiple choice. */
  min: wholeNumber(-BOUND, BOUND, "The minimum").nullish(),
  max: wholeNumber(-BOUND, BOUND, "The maximum").nullish(),
  pattern: text().max(200, "A pattern is at most 200 characters").refine(isRegex, "This pattern is not a valid regular expression").nullish(),
  options: z.array(text().min(1, "An option needs text").max(200, "An option is at most 200 characters")).max(50, "At most 50 options").nullish(),
  /** Consent fields: the exact words the visitor agrees to (stored with the answer) and the channel. */
  consentText: text().max(2000, "Consent text is at most 2000 characters").nullish(),
  consentChannel: z.enum(["sms", "email"]).nullish(),
  /** File fields: the accepted kinds of file (see FORM_FILE_KINDS; none given: all of them) and the size limit. */
  fileKinds: z.array(z.enum(FORM_FILE_KIND_KEYS, "Choose a kind of file")).max(FORM_FILE_KIND_KEYS.length).nullish(),
  maxFileMb: wholeNumber(1, FORM_FILE_MAX_MB, "The file size limit").nullish(),
  /** Hidden fields: the URL parameter that fills them (utm_source, ...). */
  urlParam: text().max(60, "A URL parameter name is at most 60 characters").regex(/^[A-Za-z0-9_.-]+$/, "A URL parameter name uses letters, digits, _ . -").nullish(),
  /** Where the answer goes on the lead: a lead field, or a custom field of this key. Null: only in the note. */
  mapsTo: z
    .union([z.object({ kind: z.literal("lead"), field: z.enum(FORM_LEAD_FIELDS) }), z.object({ kind: z.literal("custom"), key: fieldKey })])
    .nullish(),
});
export type FormField = z.infer<typeof formFieldSchema>;

const conditionSchema = z.object({
  field: fieldKey,
  operator: z.enum(LOGIC_OPERATORS, "Choose a comparison"),
  value: z.union([text().max(500, "A value is at most 500 characters"), z.array(text().max(500, "A value is at most 500 characters")).max(50, "At most 50 values")]).optional(),
});

export const logicRuleSchema = z.object({
  id: text().min(1).max(40, "A rule id is at most 40 characters"),
  match: z.enum(["all", "any"]),
  conditions: z.array(conditionSchema).max(20, "At most 20 conditions per rule"),
  action: z.discriminatedUnion("type", [
    z.object({ type: z.literal("show"), field: fieldKey }),
    z.object({ type: z.literal("hide"), field: fieldKey }),
    z.object({ type: z.literal("skip"), from: fieldKey, to: fieldKey }),
  ]),
});

export const formDefinitionSchema = z.object({
  fields: z.array(formFieldSchema).max(100, "A form has at most 100 fields"),
  rules: z.array(logicRuleSchema).max(100, "A form has at most 100 rules"),
});
export type FormDefinition = z.infer<typeof formDefinitionSchema>;

const origin = text()
  .max(200, "A site address is at most 200 characters")
  .regex(/^https?:\/\/[a-z0-9.-]+(:\d{1,5})?$/i, "A site is its address without a path, like https://www.example.com");

export const FORM_CAPTCHA_PROVIDERS = ["none", "turnstile", "hcaptcha"] as const;

/** Who new leads of a form belong to: one member, or members in turn (fair across concurrent submissions). */
export const formOwnerSchema = z.object({
  mode: z.enum(["fixed", "round_robin"], "Choose one owner or owners in turn"),
  userIds: z.array(idSchema).max(50, "At most 50 owners"),
});

/**
 * Bot check on submission. `secret` is write-only: a string sets it, null clears it, absent keeps the saved one; it is
 * stored encrypted (`secretEncrypted`) and read back only as `secretSet`.
 */
export const formCaptchaSchema = z.object({
  provider: z.enum(FORM_CAPTCHA_PROVIDERS, "Choose a bot check"),
  siteKey: text().max(200, "The site key is at most 200 characters").nullish(),
  secret: text().max(500, "The secret key is at most 500 characters").nullish(),
});

export const formSettingsSchema = z.object({
  thankYouMessage: text().max(2000, "The thank-you message is at most 2000 characters").nullish(),
  redirectUrl: text()
    .max(2000, "The address is at most 2000 characters")
    .regex(/^https:\/\/[^\s]+$/i, "Use an address starting with https://")
    .nullish(),
  /** The strategy new leads get (null: the workspace's default) and their owner (null: unassigned). */
  strategyId: idSchema.nullish(),
  ownerUserId: idSchema.nullish(),
  /** Owners in turn or one fixed owner; when absent, `ownerUserId` is the fixed owner (older drafts). */
  owner: formOwnerSchema.nullish(),
  /** Email the lead's owner when a submission arrives. */
  notifyOwner: z.boolean().nullish(),
  /** Start the AI conversation on submission: only on a channel the visitor consented to in a consent field. */
  startAi: z.boolean().nullish(),
  /** Sites that may embed the form (frame-ancestors of /f/<slug>/embed); none: only the share link works. */
  allowedOrigins: z.array(origin).max(20, "At most 20 sites").nullish(),
  captcha: formCaptchaSchema.nullish(),
});
export type FormSettingsInput = z.infer<typeof formSettingsSchema>;

/** Settings as stored (the captcha secret encrypted) and as read back by staff (only whether it is set). */
export type FormCaptchaStored = { provider: (typeof FORM_CAPTCHA_PROVIDERS)[number]; siteKey?: string | null; secretEncrypted?: string | null };
export type FormSettings = Omit<FormSettingsInput, "captcha"> & { captcha?: FormCaptchaStored | null };
export type FormSettingsView = Omit<FormSettingsInput, "captcha"> & {
  captcha?: { provider: (typeof FORM_CAPTCHA_PROVIDERS)[number]; siteKey?: string | null; secretSet: boolean } | null;
};

/** The owners new leads get, whatever shape the settings were saved in. */
export function ownerAssignmentOf(settings: Pick<FormSettingsInput, "owner" | "ownerUserId">): { mode: "fixed" | "round_robin"; userIds: number[] } {
  if (settings.owner && settings.owner.userIds.length > 0) return settings.owner;
  return { mode: "fixed", userIds: settings.ownerUserId != null ? [settings.ownerUserId] : [] };
}

const name = text().min(1, "Name is required").max(120, "Name is at most 120 characters");
const kind = z.enum(["simple", "card"], "Choose simple or card");

export const createFormSchema = z.object({ name, kind: kind.default("simple") });

export const updateFormDraftSchema = z.object({
  id: idSchema,
  name: name.optional(),
  kind: kind.optional(),
  description: text().max(1000, "The description is at most 1000 characters").nullish(),
  definition: formDefinitionSchema.optional(),
  settings: formSettingsSchema.optional(),
});

export const formIdSchema = z.object({ id: idSchema });

export const listFormsSchema = paginationSchema.extend({
  search: text().max(120, "The search is at most 120 characters").optional(),
  archived: z.boolean().default(false),
});

/** A form's submissions: searched in the answers and the lead's name and email. */
export const listFormSubmissionsSchema = paginationSchema.extend({
  formId: idSchema,
  search: text().max(200, "The search is at most 200 characters").optional(),
});
export type ListFormSubmissionsInput = z.infer<typeof listFormSubmissionsSchema>;

const isTimeZone = (zone: string) => {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};
const day = text().max(10, "A day is written YYYY-MM-DD").regex(/^\d{4}-\d{2}-\d{2}$/, "A day is written YYYY-MM-DD").refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && d >= "2000-01-01" && d <= "2200-12-31", "This day does not exist");

/** A form's analytics between two days (inclusive) of the viewer's zone; one version or all. */
export const formAnalyticsSchema = z
  .object({
    formId: idSchema,
    from: day,
    to: day,
    timeZone: text().max(64, "A time zone name is at most 64 characters").refine(isTimeZone, "Unknown time zone"),
    version: wholeNumber(1, 1_000_000, "The version").nullish(),
  })
  .refine((a) => a.from <= a.to, { message: "The first day comes before the last", path: ["to"] })
  .refine((a) => Date.parse(a.to) - Date.parse(a.from) <= 366 * 86_400_000, { message: "At most a year at a time", path: ["to"] });
export type FormAnalyticsInput = z.infer<typeof formAnalyticsSchema>;

export type CreateFormInput = z.infer<typeof createFormSchema>;
export type UpdateFormDraftInput = z.infer<typeof updateFormDraftSchema>;
export type ListFormsInput = z.infer<typeof listFormsSchema>;

// ───────────────────────────── The public page's calls (/api/public/forms/<slug>/...) ─────────────────────────────

const answerValue = z.union([
  strippedText().max(5000, "An answer is at most 5000 characters"),
  z.number("An answer is a number").min(-1e15, "A number answer is too small").max(1e15, "A number answer is too large"),
  z.boolean(),
  z.array(strippedText().max(500, "A choice is at most 500 characters")).max(100, "At most 100 choices"),
  z.null(),
]);

/** A visitor's answers by field key (unknown keys are dropped later, against the version). */
export const publicAnswersSchema = z
  .record(text().max(40, "A field key is at most 40 characters"), answerValue)
  .refine((r) => Object.keys(r).length <= 100, "At most 100 answers");

const utm = strippedText().max(200, "A link parameter is at most 200 characters").nullish();
const renderToken = text().min(1, "The page's token is missing: reload the page").max(200, "The page's token is not valid: reload the page");

export const publicFormSaveSchema = z.object({
  answers: publicAnswersSchema,
  /** Card forms: the card the visitor is on. */
  currentField: fieldKey.nullish(),
  renderToken,
  utmSource: utm,
});
export type PublicFormSaveInput = z.infer<typeof publicFormSaveSchema>;

export const publicFormEventSchema = z.object({
  type: z.enum(["view", "step"], "An event is a view or a step"),
  renderToken,
  stepIndex: wholeNumber(0, 100, "The card number").nullish(),
  fieldKey: fieldKey.nullish(),
  utmSource: utm,
});
export type PublicFormEventInput = z.infer<typeof publicFormEventSchema>;

export const publicFormUploadSchema = z.object({
  renderToken,
  fieldKey,
  fileName: strippedText().min(1, "The file needs a name").max(200, "A file name is at most 200 characters"),
  contentType: text().min(1, "Say what kind of file this is").max(200, "A content type is at most 200 characters"),
  size: wholeNumber(0, 1_000_000_000, "The file size"),
});
export type PublicFormUploadInput = z.infer<typeof publicFormUploadSchema>;

export const publicFormConfirmUploadSchema = z.object({ renderToken, uploadId: idSchema });

export const publicFormSubmitSchema = z.object({
  answers: publicAnswersSchema,
  renderToken,
  /** The browser's id for this submission: sending it again (double click, retry) returns the first result. */
  clientSubmissionId: text()
    .min(8, "The submission id is too short")
    .max(64, "The submission id is at most 64 characters")
    .regex(/^[A-Za-z0-9_-]+$/, "The submission id uses letters, digits, _ and -"),
  utmSource: utm,
  /** The honeypot: a field people never see. Filled in: a bot. */
  website: strippedText().max(500, "This field is at most 500 characters").nullish(),
  captchaToken: text().max(4000, "The bot check's answer is at most 4000 characters").nullish(),
});
export type PublicFormSubmitInput = z.infer<typeof publicFormSubmitSchema>;

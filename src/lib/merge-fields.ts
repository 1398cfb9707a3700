/**
 * Merge fields of message templates and campaigns: `{{lead.firstName}}` and friends, a fixed whitelist. Shared by the
 * editor (checked as you type) and the server (checked on save, rendered per lead). Anything else between double
 * braces is an error naming it, so a typo never reaches a lead as literal braces.
 */
export const MERGE_FIELDS = {
  "lead.firstName": "The lead's first name",
  "owner.name": "The name of the lead's owner",
  "workspace.name": "Your business name",
  "booking.next": "The lead's next booking, on the lead's clock",
} as const;

export type MergeField = keyof typeof MERGE_FIELDS;
export type MergeValues = Record<MergeField, string>;

const FIELD_PATTERN = /\{\{\s*([^{}]*?)\s*\}\}/g;

const isMergeField = (name: string): name is MergeField => Object.hasOwn(MERGE_FIELDS, name);

/** Problems of a template text, each naming what is wrong; empty when it can be rendered. */
export function mergeFieldProblems(text: string): string[] {
  const problems = new Set<string>();
  for (const match of text.matchAll(FIELD_PATTERN)) {
    const name = match[1]!;
    if (!isMergeField(name)) {
      problems.add(name ? `"{{${name}}}" is not a merge field. Use one of: ${Object.keys(MERGE_FIELDS).map((f) => `{{${f}}}`).join(", ")}.` : "Empty braces \"{{}}\": name a merge field inside them.");
    }
  }
  const rest = text.replace(FIELD_PATTERN, "");
  if (rest.includes("{{") || rest.includes("}}")) problems.add("A merge field is not closed: write it as {{lead.firstName}}.");
  return [...problems];
}

/** The merge fields a text uses (to read only what it needs). */
export function mergeFieldsUsed(text: string): Set<MergeField> {
  const used = new Set<MergeField>();
  for (const match of text.matchAll(FIELD_PATTERN)) if (isMergeField(match[1]!)) used.add(match[1]);
  return used;
}

/** Renders a checked template; an unknown field throws (callers check with mergeFieldProblems first). */
export function renderMergeFields(text: string, values: MergeValues): string {
  return text.replace(FIELD_PATTERN, (_whole, name: string) => {
    if (!isMergeField(name)) throw new Error(`"{{${name}}}" is not a merge field.`);
    return values[name];
  });
}

/** A first name from a full name ("Ana María López" -> "Ana"). */
export const firstNameOf = (name: string) => name.trim().split(/\s+/)[0] ?? "";

/** Sample values for previews in the editor. */
export const SAMPLE_MERGE_VALUES: MergeValues = {
  "lead.firstName": "Alex",
  "owner.name": "Jordan Smith",
  "workspace.name": "Your business",
  "booking.next": "Tue, Mar 10, 3:00 PM EDT",
};

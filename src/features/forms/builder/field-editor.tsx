"use client";

import { PlusIcon, XIcon } from "lucide-react";

import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { FormField as Field } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Textarea } from "@/components/ui/textarea";
import { FORM_FIELD_TYPE_LABELS, FORM_FILE_DEFAULT_MB, FORM_FILE_KIND_KEYS, FORM_FILE_KINDS, FORM_FILE_MAX_MB, FORM_LEAD_FIELDS, type FormField } from "@/schemas/forms";
import { ChoiceSelect } from "./choice-select";
import { customFieldKey, customFieldName, DEFAULT_EMAIL_CONSENT, DEFAULT_SMS_CONSENT, LEAD_FIELD_LABELS } from "./draft";

const PATTERN_TYPES = new Set<FormField["type"]>(["short_text", "long_text"]);

/** What min and max mean for each type, in the words the editor shows. */
function boundsLabels(type: FormField["type"]): { min: string; max: string } | null {
  if (type === "short_text" || type === "long_text") return { min: "Fewest characters", max: "Most characters" };
  if (type === "number") return { min: "Smallest number", max: "Largest number" };
  if (type === "rating") return { min: "Fewest stars", max: "Stars (at most 10)" };
  if (type === "multiple_choice") return { min: "Fewest choices", max: "Most choices" };
  return null;
}

const toBound = (s: string): number | null => {
  if (s.trim() === "") return null;
  const n = Number(s);
  return Number.isInteger(n) ? n : null;
};

/** Everything about one field: label, help, required, limits, options, consent text, link parameter, lead mapping. */
export function FieldEditor({ field, onChange, usedLeadFields }: { field: FormField; onChange: (field: FormField) => void; usedLeadFields: ReadonlySet<string> }) {
  const id = (name: string) => `field-${field.key}-${name}`;
  const set = (patch: Partial<FormField>) => onChange({ ...field, ...patch });
  const bounds = boundsLabels(field.type);
  const mapping = field.mapsTo ? (field.mapsTo.kind === "lead" ? `lead:${field.mapsTo.field}` : "custom") : "none";

  return (
    <div className="grid gap-4" data-testid="field-editor">
      <p className="text-sm text-muted-foreground">{FORM_FIELD_TYPE_LABELS[field.type]}</p>
      <Field id={id("label")} label={field.type === "consent" ? "Title" : "Question"}>
        <Input value={field.label} maxLength={200} onChange={(e) => set({ label: e.target.value })} />
      </Field>
      {field.type !== "hidden" ? (
        <Field id={id("help")} label="Help text" hint="Shown under the question.">
          <Input value={field.help ?? ""} maxLength={500} onChange={(e) => set({ help: e.target.value || null })} />
        </Field>
      ) : null}
      {field.type !== "hidden" ? (
        <div className="flex items-center gap-2">
          <Checkbox id={id("required")} checked={field.required ?? false} onCheckedChange={(v) => set({ required: v === true })} />
          <Label htmlFor={id("required")}>{field.type === "consent" || field.type === "checkbox" ? "Must be ticked to send" : "Required"}</Label>
        </div>
      ) : null}

      {field.type === "single_choice" || field.type === "multiple_choice" ? <OptionsEditor field={field} onChange={(options) => set({ options })} /> : null}

      {bounds ? (
        <div className="grid grid-cols-2 gap-3">
          <Field id={id("min")} label={bounds.min}>
            <Input type="number" inputMode="numeric" value={field.min ?? ""} onChange={(e) => set({ min: toBound(e.target.value) })} />
          </Field>
          <Field id={id("max")} label={bounds.max}>
            <Input type="number" inputMode="numeric" value={field.max ?? ""} onChange={(e) => set({ max: toBound(e.target.value) })} />
          </Field>
        </div>
      ) : null}

      {PATTERN_TYPES.has(field.type) ? (
        <Field id={id("pattern")} label="Format (regular expression)" hint="Optional. For example ^[A-Z]{2}\d{4}$ for two capitals and four digits.">
          <Input value={field.pattern ?? ""} maxLength={200} onChange={(e) => set({ pattern: e.target.value || null })} spellCheck={false} />
        </Field>
      ) : null}

      {field.type === "consent" ? (
        <>
          <Field id={id("channel")} label="Permission for">
            <ChoiceSelect
              value={field.consentChannel ?? "sms"}
              onValueChange={(v) => {
                const channel = v as "sms" | "email";
                const wasDefault = !field.consentText || field.consentText === DEFAULT_SMS_CONSENT || field.consentText === DEFAULT_EMAIL_CONSENT;
                set({ consentChannel: channel, ...(wasDefault ? { consentText: channel === "sms" ? DEFAULT_SMS_CONSENT : DEFAULT_EMAIL_CONSENT } : {}) });
              }}
              choices={[
                { value: "sms", label: "Text messages (SMS)" },
                { value: "email", label: "Email" },
              ]}
            />
          </Field>
          <Field id={id("consent")} label="Consent text" hint="The exact words the visitor agrees to; they are stored with each answer.">
            <Textarea rows={4} maxLength={2000} value={field.consentText ?? ""} onChange={(e) => set({ consentText: e.target.value })} />
          </Field>
        </>
      ) : null}

      {field.type === "file" ? (
        <>
          <fieldset className="grid gap-2">
            <legend className="mb-2 text-sm font-medium">Kinds of file accepted</legend>
            {FORM_FILE_KIND_KEYS.map((kind) => {
              const kinds = field.fileKinds ?? [];
              return (
                <div key={kind} className="flex items-center gap-2">
                  <Checkbox
                    id={id(`kind-${kind}`)}
                    checked={kinds.includes(kind)}
                    onCheckedChange={(v) => {
                      const next = v === true ? [...kinds, kind] : kinds.filter((k) => k !== kind);
                      set({ fileKinds: next.length ? next : null });
                    }}
                  />
                  <Label htmlFor={id(`kind-${kind}`)}>{FORM_FILE_KINDS[kind].label}</Label>
                </div>
              );
            })}
            <p className="text-xs text-muted-foreground">None ticked: all of these.</p>
          </fieldset>
          <Field id={id("size")} label="Largest file (MB)" hint={`1 to ${FORM_FILE_MAX_MB} MB; ${FORM_FILE_DEFAULT_MB} MB when empty. Files are readable only by this workspace's members.`}>
            <Input type="number" inputMode="numeric" min={1} max={FORM_FILE_MAX_MB} value={field.maxFileMb ?? ""} onChange={(e) => set({ maxFileMb: toBound(e.target.value) })} />
          </Field>
        </>
      ) : null}

      {field.type === "hidden" ? (
        <Field id={id("param")} label="Link parameter" hint="The value after this name in the form's link fills the field, e.g. ?utm_source=newsletter.">
          <Input value={field.urlParam ?? ""} maxLength={60} spellCheck={false} onChange={(e) => set({ urlParam: e.target.value || null })} />
        </Field>
      ) : null}

      {field.type !== "consent" && field.type !== "file" ? (
        <div className="grid gap-3">
          <Field id={id("maps")} label="Save the answer on the lead as">
            <ChoiceSelect
              value={mapping}
              onValueChange={(v) => {
                if (v === "none") set({ mapsTo: null });
                else if (v === "custom") set({ mapsTo: { kind: "custom", key: customFieldKey(field.label) || "answer" } });
                else set({ mapsTo: { kind: "lead", field: v.slice(5) as (typeof FORM_LEAD_FIELDS)[number] } });
              }}
              choices={[
                { value: "none", label: "Only in the submission's note" },
                ...FORM_LEAD_FIELDS.filter((f) => !usedLeadFields.has(f) || mapping === `lead:${f}`).map((f) => ({ value: `lead:${f}`, label: `The lead's ${LEAD_FIELD_LABELS[f].toLowerCase()}` })),
                { value: "custom", label: "A custom field…" },
              ]}
            />
          </Field>
          {field.mapsTo?.kind === "custom" ? (
            <Field id={id("custom")} label="Custom field name" hint="Letters, digits and spaces; the lead's page shows it under this name.">
              <Input
                defaultValue={customFieldName(field.mapsTo.key)}
                maxLength={40}
                onChange={(e) => {
                  const key = customFieldKey(e.target.value);
                  if (key) set({ mapsTo: { kind: "custom", key } });
                }}
              />
            </Field>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}

function OptionsEditor({ field, onChange }: { field: FormField; onChange: (options: string[]) => void }) {
  const options = field.options ?? [];
  return (
    <fieldset className="grid gap-2">
      <legend className="mb-2 text-sm font-medium">Options</legend>
      {options.map((option, index) => (
        <div key={index} className="flex items-center gap-2">
          <Input
            aria-label={`Option ${index + 1}`}
            value={option}
            maxLength={200}
            onChange={(e) => onChange(options.map((o, i) => (i === index ? e.target.value : o)))}
          />
          <Button type="button" variant="ghost" size="icon" onClick={() => onChange(options.filter((_, i) => i !== index))} aria-label={`Remove option ${index + 1}`}>
            <XIcon aria-hidden="true" />
          </Button>
        </div>
      ))}
      <div>
        <Button type="button" variant="outline" size="sm" onClick={() => onChange([...options, `Option ${options.length + 1}`])} disabled={options.length >= 50}>
          <PlusIcon aria-hidden="true" />
          Add an option
        </Button>
      </div>
    </fieldset>
  );
}

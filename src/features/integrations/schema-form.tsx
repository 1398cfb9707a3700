"use client";

import { Checkbox } from "@/components/ui/checkbox";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";

/** The subset of JSON Schema the template editor accepts (checked on the server when a template is saved). */
export interface FormProperty {
  type?: string;
  title?: string;
  description?: string;
  enum?: unknown[];
  format?: string;
  default?: unknown;
  properties?: Record<string, FormProperty>;
}
export interface FormSchema {
  properties: Record<string, FormProperty>;
  required?: string[];
}
type Leaf = string | number | boolean;
export type FormValues = Record<string, Leaf | Record<string, Leaf>>;

/** "fieldMapping" -> "Field mapping": a label when the schema gives no title (never the raw name). */
const humanize = (name: string) => name.replace(/([a-z])([A-Z])/g, "$1 $2").replace(/[_-]+/g, " ").replace(/^./, (c) => c.toUpperCase());

/** Initial values: what is saved, else the schema's defaults. Secrets always start blank. */
export function initialValues(schema: FormSchema, saved: FormValues | null, secretFields: string[]): FormValues {
  const out: FormValues = {};
  for (const [name, prop] of Object.entries(schema.properties)) {
    if (secretFields.includes(name)) {
      out[name] = "";
    } else if (prop.type === "object") {
      const savedGroup = (saved?.[name] ?? {}) as Record<string, Leaf>;
      out[name] = Object.fromEntries(Object.entries(prop.properties ?? {}).map(([k, p]) => [k, savedGroup[k] ?? leafDefault(p)]));
    } else out[name] = (saved?.[name] as Leaf | undefined) ?? leafDefault(prop);
  }
  return out;
}

function leafDefault(prop: FormProperty): Leaf {
  if (prop.default !== undefined && (typeof prop.default === "string" || typeof prop.default === "number" || typeof prop.default === "boolean")) return prop.default;
  return prop.type === "boolean" ? false : "";
}

/** Values as the server takes them: numbers as numbers, untouched blanks left out. */
export function submittedValues(schema: FormSchema, values: FormValues): FormValues {
  const out: FormValues = {};
  for (const [name, prop] of Object.entries(schema.properties)) {
    const value = values[name];
    if (prop.type === "object" && value && typeof value === "object") {
      out[name] = Object.fromEntries(Object.entries(value).filter(([, v]) => v !== ""));
    } else if ((prop.type === "number" || prop.type === "integer") && value !== "") out[name] = Number(value);
    else if (value !== undefined) out[name] = value as Leaf;
  }
  return out;
}

/**
 * The fields in the order a person fills them. The stored schema (PostgreSQL jsonb) keeps no key order, so the order is
 * by kind: required fields first (in the order `required` lists them), then other text fields, yes/no fields, fields
 * with a default (settings to change only when told), and groups last.
 */
export function orderedProperties(schema: FormSchema): [string, FormProperty][] {
  const required = schema.required ?? [];
  const rank = ([name, prop]: [string, FormProperty]) => {
    if (required.includes(name)) return required.indexOf(name) - required.length;
    if (prop.type === "object") return 4;
    if (prop.default !== undefined && prop.type !== "boolean") return 3;
    return prop.type === "boolean" ? 2 : 1;
  };
  return Object.entries(schema.properties).sort((a, b) => rank(a) - rank(b));
}

/**
 * A form generated from an integration's schema: text, choice (enum), yes/no and number fields, and groups (objects).
 * Secret fields show whether one is stored; leaving them blank keeps it.
 */
export function SchemaForm({
  schema,
  values,
  onChange,
  secretFields,
  secretsSet,
  errorOf,
}: {
  schema: FormSchema;
  values: FormValues;
  onChange: (values: FormValues) => void;
  secretFields: string[];
  secretsSet: Record<string, boolean>;
  errorOf: (path: string) => string | undefined;
}) {
  return (
    <div className="grid gap-4">
      {orderedProperties(schema).map(([name, prop]) =>
        prop.type === "object" ? (
          <fieldset key={name} className="grid gap-3 rounded-md border p-3">
            <legend className="px-1 text-sm font-medium">{prop.title ?? humanize(name)}</legend>
            {Object.entries(prop.properties ?? {}).map(([child, childProp]) => (
              <LeafField
                key={child}
                id={`cfg-${name}-${child}`}
                prop={childProp}
                name={child}
                required={false}
                value={((values[name] ?? {}) as Record<string, Leaf>)[child] ?? ""}
                onChange={(v) => onChange({ ...values, [name]: { ...((values[name] ?? {}) as Record<string, Leaf>), [child]: v } })}
                error={errorOf(`values.${name}.${child}`)}
              />
            ))}
          </fieldset>
        ) : (
          <LeafField
            key={name}
            id={`cfg-${name}`}
            prop={prop}
            name={name}
            required={schema.required?.includes(name) ?? false}
            secret={secretFields.includes(name) ? { set: secretsSet[name] === true } : undefined}
            value={(values[name] as Leaf | undefined) ?? ""}
            onChange={(v) => onChange({ ...values, [name]: v })}
            error={errorOf(`values.${name}`)}
          />
        ),
      )}
    </div>
  );
}

function LeafField({
  id,
  name,
  prop,
  value,
  onChange,
  error,
  required,
  secret,
}: {
  id: string;
  name: string;
  prop: FormProperty;
  value: Leaf;
  onChange: (value: Leaf) => void;
  error?: string;
  required: boolean;
  secret?: { set: boolean };
}) {
  const label = `${prop.title ?? humanize(name)}${required ? "" : " (optional)"}`;
  if (prop.type === "boolean") {
    return (
      <div className="grid gap-1">
        <div className="flex items-center gap-2">
          <Checkbox id={id} checked={value === true} onCheckedChange={(c) => onChange(c === true)} />
          <Label htmlFor={id}>{prop.title ?? humanize(name)}</Label>
        </div>
        {prop.description ? <p className="text-xs text-muted-foreground">{prop.description}</p> : null}
        {error ? <p className="text-xs text-destructive">{error}</p> : null}
      </div>
    );
  }
  // A secret says whether one is stored (never what it is), after where to find it.
  const secretState = secret ? (secret.set ? "Saved: leave blank to keep it, or type a new one." : "Not set yet.") : null;
  const hint = [prop.description, secretState].filter(Boolean).join(" ") || undefined;
  if (Array.isArray(prop.enum)) {
    return (
      <FormField id={id} label={label} hint={prop.description} error={error}>
        <select className="h-9 w-full rounded-md border bg-background px-3 text-sm" value={String(value)} onChange={(e) => onChange(e.target.value)}>
          {required ? null : <option value="">—</option>}
          {prop.enum.map((option) => (
            <option key={String(option)} value={String(option)}>
              {optionLabel(String(option))}
            </option>
          ))}
        </select>
      </FormField>
    );
  }
  return (
    <FormField id={id} label={label} hint={hint} error={error}>
      <Input
        type={secret ? "password" : prop.type === "number" || prop.type === "integer" ? "number" : prop.format === "uri" ? "url" : "text"}
        autoComplete={secret ? "new-password" : "off"}
        value={String(value)}
        placeholder={secret?.set ? "••••••••" : undefined}
        onChange={(e) => onChange(e.target.value)}
      />
    </FormField>
  );
}

/** Choice values read as words ("companyName" -> "Company name", "none" -> "Not sent"). */
function optionLabel(value: string) {
  if (value === "none") return "Not sent";
  if (value === "tag") return "A tag";
  return humanize(value).replace(/\b([A-Z])([a-z]+) ([A-Z])/g, (_, a: string, b: string, c: string) => `${a}${b} ${c.toLowerCase()}`);
}

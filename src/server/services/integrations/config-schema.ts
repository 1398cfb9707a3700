import Ajv2020 from "ajv/dist/2020";
import type { ErrorObject, ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import { AppError, type FieldErrors } from "@/server/errors";

/**
 * An integration template's configuration is described by a JSON Schema (draft 2020-12) that platform admins write.
 * Ajv checks the schema itself (against the meta-schema, in strict mode, so a typo like "requried" is refused), and the
 * limits of the form generator: an object whose properties are strings (with an optional enum or format), booleans,
 * numbers, or one level of nested objects of those. A workspace's values are checked against it on the server.
 */
const ajv = new Ajv2020({ allErrors: true, strict: true, useDefaults: false, validateSchema: true });
addFormats(ajv);

export type ConfigValue = string | number | boolean;
export type ConfigValues = Record<string, ConfigValue | Record<string, ConfigValue>>;

export interface ConfigProperty {
  type?: string;
  title?: string;
  description?: string;
  enum?: unknown[];
  format?: string;
  default?: unknown;
  properties?: Record<string, ConfigProperty>;
  required?: string[];
}
export interface ConfigSchema {
  type: "object";
  properties: Record<string, ConfigProperty>;
  required?: string[];
}

const LEAF_TYPES = new Set(["string", "boolean", "number", "integer"]);

function shapeProblems(schema: ConfigProperty, path: string, depth: number): string[] {
  if (schema.type !== "object" || !schema.properties || typeof schema.properties !== "object") return [`${path || "The schema"} must be an object with "properties".`];
  const problems: string[] = [];
  for (const [name, prop] of Object.entries(schema.properties)) {
    const at = path ? `${path}.${name}` : name;
    if (!prop || typeof prop !== "object") problems.push(`"${at}" must be a schema object.`);
    else if (prop.type === "object" && depth === 0) problems.push(...shapeProblems(prop, at, 1));
    else if (!LEAF_TYPES.has(String(prop.type))) problems.push(`"${at}" has type ${JSON.stringify(prop.type ?? null)}; the form supports string, boolean, number, integer${depth === 0 ? " and object" : ""}.`);
  }
  return problems;
}

/** Parses and checks a template's schema text and its secret fields; throws a field error saying what is wrong. */
export function parseTemplateSchema(schemaText: string, secretFields: string[]): ConfigSchema {
  let schema: unknown;
  try {
    schema = JSON.parse(schemaText);
  } catch {
    throw AppError.field("configSchema", "The configuration schema is not valid JSON.");
  }
  if (!schema || typeof schema !== "object" || Array.isArray(schema)) throw AppError.field("configSchema", "The configuration schema must be a JSON object.");
  if (!ajv.validateSchema(schema)) {
    throw AppError.field("configSchema", `The configuration schema is not a valid JSON Schema: ${ajv.errorsText(ajv.errors, { dataVar: "schema" })}.`);
  }
  try {
    ajv.compile(schema);
  } catch (e) {
    throw AppError.field("configSchema", `The configuration schema cannot be used: ${(e as Error).message.slice(0, 300)}.`);
  }
  const problems = shapeProblems(schema as ConfigProperty, "", 0);
  if (problems.length) throw AppError.field("configSchema", problems.slice(0, 5).join(" "));
  const properties = (schema as ConfigSchema).properties;
  for (const field of secretFields) {
    if (properties[field]?.type !== "string") throw AppError.field("secretFields", `"${field}" is not a text field of the schema; only text fields can be secrets.`);
  }
  return schema as ConfigSchema;
}

const compiled = new WeakMap<object, ValidateFunction>();

function describe(error: ErrorObject): { field: string; message: string } {
  const pointer = error.instancePath.split("/").filter(Boolean);
  if (error.keyword === "required") pointer.push(String((error.params as { missingProperty: string }).missingProperty));
  const field = pointer.join(".") || "values";
  const params = error.params as { format?: string; limit?: number };
  const FORMATS: Record<string, string> = { uri: "web address (such as https://example.com)", email: "email address" };
  const messages: Record<string, string> = {
    required: "This field is required.",
    enum: "Choose one of the offered values.",
    format: `This is not a valid ${FORMATS[params.format ?? ""] ?? "value"}.`,
    minLength: params.limit === 1 ? "This field is required." : `Enter at least ${params.limit} characters.`,
    maxLength: `Enter at most ${params.limit} characters.`,
    type: `This must be ${String((error.params as { type?: string }).type ?? "another type")}.`,
    additionalProperties: `"${String((error.params as { additionalProperty?: string }).additionalProperty)}" is not a field of this integration.`,
  };
  return { field, message: messages[error.keyword] ?? `This value is not accepted (${error.message ?? error.keyword}).` };
}

/** Checks a workspace's values against the template's schema; throws a BAD_REQUEST with one error per field. */
export function validateConfig(schema: ConfigSchema, values: ConfigValues): void {
  let validate = compiled.get(schema);
  if (!validate) {
    // Unknown fields are refused: what is stored is exactly what the form shows.
    validate = ajv.compile({ ...schema, additionalProperties: false });
    compiled.set(schema, validate);
  }
  if (validate(values)) return;
  const fieldErrors: FieldErrors = {};
  for (const error of validate.errors ?? []) {
    const { field, message } = describe(error);
    (fieldErrors[`values.${field}`] ??= []).push(message);
  }
  const first = Object.entries(fieldErrors)[0]!;
  throw new AppError("BAD_REQUEST", `${first[0].replace(/^values\./, "")}: ${first[1][0]}`, { fieldErrors });
}

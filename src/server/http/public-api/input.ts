import type { z } from "zod";
import { bodyMethods, pathParamsOf, type PublicOperation } from "./operations";
import type { FieldProblem } from "./problem";

/**
 * Turns a request's path parameters, query and JSON body into the operation's input object, for the operation's own
 * (the tRPC procedure's) zod schema to validate. Query values are text: a value is read as a number or a boolean when
 * the schema's field is one ("null" for a field that may be null), a repeated parameter is an array, and
 * `created[from]=…` fills an object (OpenAPI's deepObject style). Unknown parameters and body fields are refused, so a
 * misspelt filter never silently returns everything.
 */
type Input = { ok: true; input: Record<string, unknown> } | { ok: false; errors: FieldProblem[]; kind?: "bad-request" | "unsupported-media-type"; detail?: string };

type Def = { type: string; innerType?: Schema; in?: Schema; out?: Schema; element?: Schema; shape?: Record<string, Schema> };
type Schema = { _zod: { def: Def } };

/** The schema under optional / nullable / default wrappers and pipes (their input side), and whether it takes null. */
function baseOf(schema: Schema): { def: Def; nullable: boolean } {
  let current = schema;
  let nullable = false;
  for (let depth = 0; depth < 10; depth++) {
    const def = current._zod.def;
    if (def.type === "nullable") nullable = true;
    if (["optional", "nullable", "default", "prefault", "readonly", "nonoptional", "catch"].includes(def.type) && def.innerType) current = def.innerType;
    else if (def.type === "pipe" && def.in) current = def.in._zod.def.type === "transform" && def.out ? def.out : def.in;
    else return { def, nullable };
  }
  return { def: current._zod.def, nullable };
}

const NUMBER = /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/;

function readScalar(schema: Schema, raw: string): unknown {
  const { def, nullable } = baseOf(schema);
  if (nullable && raw === "null") return null;
  if (def.type === "number" || def.type === "int") return NUMBER.test(raw) ? Number(raw) : raw;
  if (def.type === "boolean") return raw === "true" ? true : raw === "false" ? false : raw;
  return raw;
}

export function shapeOf(schema: z.ZodObject): Record<string, Schema> {
  return schema.shape as unknown as Record<string, Schema>;
}

function fromQuery(shape: Record<string, Schema>, query: URLSearchParams, taken: Set<string>): Input {
  const errors: FieldProblem[] = [];
  const input: Record<string, unknown> = {};
  const names = new Set(query.keys());
  for (const name of names) {
    const values = query.getAll(name);
    const nested = /^(\w+)\[(\w+)\]$/.exec(name);
    const field = nested ? nested[1]! : name;
    const schema = Object.hasOwn(shape, field) ? shape[field] : undefined; // never a key of Object.prototype ("__proto__")
    if (!schema || taken.has(field)) {
      errors.push({ field: name.slice(0, 100), in: "query", detail: taken.has(field) ? "This parameter is given by the path" : "Unknown query parameter" });
      continue;
    }
    const { def } = baseOf(schema);
    if (nested) {
      const sub = def.type === "object" && def.shape && Object.hasOwn(def.shape, nested[2]!) ? def.shape[nested[2]!] : undefined;
      if (!sub) {
        errors.push({ field: name.slice(0, 100), in: "query", detail: "Unknown query parameter" });
        continue;
      }
      const target = (input[field] ??= {}) as Record<string, unknown>;
      target[nested[2]!] = values.length > 1 ? values.map((v) => readScalar(sub, v)) : readScalar(sub, values[0]!);
    } else if (def.type === "array" && def.element) {
      input[field] = values.flatMap((v) => v.split(",")).map((v) => readScalar(def.element!, v));
    } else {
      input[field] = values.length > 1 ? values.map((v) => readScalar(schema, v)) : readScalar(schema, values[0]!);
    }
  }
  return errors.length ? { ok: false, errors } : { ok: true, input };
}

function fromBody(shape: Record<string, Schema>, raw: Uint8Array, contentType: string | null, taken: Set<string>): Input {
  if (raw.byteLength === 0) return { ok: true, input: {} };
  if (contentType && !/\bjson\b/i.test(contentType)) {
    return { ok: false, errors: [], kind: "unsupported-media-type", detail: `The body must be JSON (Content-Type: application/json), not ${contentType.slice(0, 60)}.` };
  }
  let body: unknown;
  try {
    body = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(raw));
  } catch (e) {
    return { ok: false, errors: [], kind: "bad-request", detail: `The body is not valid JSON: ${(e as Error).message.slice(0, 200)}` };
  }
  if (body === null || typeof body !== "object" || Array.isArray(body)) {
    return { ok: false, errors: [{ field: "(body)", in: "body", detail: "The body must be a JSON object" }] };
  }
  const errors: FieldProblem[] = [];
  for (const name of Object.keys(body)) {
    if (taken.has(name)) errors.push({ field: name, in: "body", detail: "This field is given by the path" });
    else if (!Object.hasOwn(shape, name)) errors.push({ field: name.slice(0, 100), in: "body", detail: "Unknown field" });
  }
  return errors.length ? { ok: false, errors } : { ok: true, input: body as Record<string, unknown> };
}

export function inputOf(operation: PublicOperation, params: Record<string, string>, query: URLSearchParams, body: Uint8Array, contentType: string | null): Input {
  const shape = shapeOf(operation.input);
  const taken = new Set(pathParamsOf(operation.path));
  const rest = bodyMethods.has(operation.method) ? fromBody(shape, body, contentType, taken) : fromQuery(shape, query, taken);
  if (bodyMethods.has(operation.method) && [...query.keys()].length) {
    const errors = [...query.keys()].map((name) => ({ field: name.slice(0, 100), in: "query" as const, detail: "This endpoint takes no query parameters" }));
    return { ok: false, errors: [...errors, ...(rest.ok ? [] : rest.errors)] };
  }
  if (!rest.ok) return rest;
  const input: Record<string, unknown> = { ...rest.input };
  for (const name of taken) input[name] = readScalar(shape[name]!, params[name]!);
  return { ok: true, input };
}

/** Where a field of the input came from, for the problem's `errors`. */
export const locationOf = (operation: PublicOperation) => {
  const taken = new Set(pathParamsOf(operation.path));
  const rest = bodyMethods.has(operation.method) ? ("body" as const) : ("query" as const);
  return (field: string): FieldProblem["in"] => (taken.has(field.split(".")[0]!) ? "path" : rest);
};

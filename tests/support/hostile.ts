import { randomUUID } from "node:crypto";
import fc from "fast-check";
import superjson from "superjson";
import type { z } from "zod";
import { encode } from "next-auth/jwt";
import { getEnv } from "@/env";
import { appRouter } from "@/server/api/root";
import { createSession } from "@/server/auth/sessions";
import { sessionCookieName } from "@/server/auth/session-token";
import { INT4_MAX, storableText, stripUnstorable } from "@/schemas/common";
import { uniqueEmail, uniqueIp } from "./factories";

/**
 * Hostile inputs derived from zod 4 schemas, and the real tRPC HTTP handler to send them through.
 * Used by tests/api/hostile-input.*.test.ts; see the header of tests/api/hostile-input.routes.test.ts.
 */

type Schema = z.core.$ZodType;
type Def = Record<string, unknown> & { type: string; checks?: { _zod: { def: Record<string, unknown> } }[] };
const defOf = (s: Schema) => (s as unknown as { _zod: { def: Def; optin?: string } })._zod.def;
const canOmit = (s: Schema) => (s as unknown as { _zod: { optin?: string } })._zod.optin === "optional";
const checksOf = (s: Schema) => (defOf(s).checks ?? []).map((c) => c._zod.def);
const bound = (s: Schema, kind: "greater_than" | "less_than" | "min_length" | "max_length" | "length_equals") => {
  const check = checksOf(s).find((c) => c.check === kind);
  if (!check) return undefined;
  return (check.value ?? check.minimum ?? check.maximum ?? check.length) as number | bigint | Date | undefined;
};

export const procedures = (appRouter as unknown as {
  _def: { procedures: Record<string, { _def: { type: "query" | "mutation" | "subscription"; inputs: Schema[] } }> };
})._def.procedures;

/** The input schema of a procedure (tRPC keeps each .input() in order; ours use one). */
export const inputSchemaOf = (path: string): Schema | undefined => procedures[path]!._def.inputs[0];

// ───────────────────────── the vocabulary check ─────────────────────────

/**
 * Every leaf of a schema that does not follow src/schemas/common.ts: a string without `storableText` or without a
 * maximum, a number, bigint or date without both bounds, an array without a maximum. Formats (email, uuid) pass.
 */
export function vocabularyViolations(schema: Schema, path = "", seen = new Set<Schema>()): string[] {
  if (seen.has(schema)) return [];
  seen.add(schema);
  const def = defOf(schema);
  const here = path || "(input)";
  const walk = (child: unknown, sub: string) => vocabularyViolations(child as Schema, sub, seen);
  switch (def.type) {
    case "string": {
      if (def.format && def.format !== "regex") return [];
      const problems: string[] = [];
      if (!(def.checks ?? []).some((c) => (c as unknown) === storableText)) problems.push(`${here}: text without storableText (use text() from src/schemas/common.ts)`);
      if (bound(schema, "max_length") === undefined && bound(schema, "length_equals") === undefined) problems.push(`${here}: text without a maximum length`);
      return problems;
    }
    case "number":
    case "bigint":
    case "date":
      return bound(schema, "greater_than") === undefined || bound(schema, "less_than") === undefined ? [`${here}: ${def.type} without both bounds`] : [];
    case "array":
      return [...(bound(schema, "max_length") === undefined ? [`${here}: array without a maximum length`] : []), ...walk(def.element, `${path}[]`)];
    case "object":
      return Object.entries(def.shape as Record<string, Schema>).flatMap(([k, v]) => walk(v, path ? `${path}.${k}` : k));
    case "optional":
    case "nullable":
    case "default":
    case "prefault":
    case "nonoptional":
    case "readonly":
    case "catch":
      return walk(def.innerType, path);
    case "pipe":
      return [...walk(def.in, path), ...walk(def.out, path)];
    case "union":
      return (def.options as Schema[]).flatMap((o) => walk(o, path));
    case "intersection":
      return [...walk(def.left, path), ...walk(def.right, path)];
    case "tuple":
      return (def.items as Schema[]).flatMap((item, i) => walk(item, `${path}[${i}]`));
    case "record":
      return [...walk(def.keyType, `${path}{key}`), ...walk(def.valueType, `${path}{}`)];
    case "lazy":
      return walk((def.getter as () => Schema)(), path);
    default:
      return []; // boolean, enum, literal, transform, unknown, void: nothing to bound
  }
}

// ───────────────────────── valid values ─────────────────────────

/** Texts tried in order for a string leaf until one passes it (regexes, refines and known formats included). */
const TEXT_CANDIDATES = [
  "Hostile test",
  "UTC",
  "2030-01-07",
  "09:00",
  "name",
  "US",
  "0",
  "ABCDEFGH",
  "leads:read",
  "hostile@test.loctelli.local",
  randomUUID(),
];

/** A value the schema accepts, built from its shape: ids are INT4_MAX (no such row), texts from TEXT_CANDIDATES. */
export function validValue(schema: Schema, depth = 0): unknown {
  const def = defOf(schema);
  if (depth > 12) return undefined;
  const inner = (s: unknown) => validValue(s as Schema, depth + 1);
  switch (def.type) {
    case "string": {
      const min = Number(bound(schema, "min_length") ?? bound(schema, "length_equals") ?? 0);
      const candidates = [...TEXT_CANDIDATES, "x".repeat(Math.max(min, 1)), uniqueEmail("hostile")];
      if (def.format === "email") return uniqueEmail("hostile");
      if (def.format === "uuid" || def.format === "guid") return randomUUID();
      return candidates.find((c) => (schema as z.ZodType).safeParse(c).success) ?? "x".repeat(Math.max(min, 1));
    }
    case "number": {
      const max = Number(bound(schema, "less_than") ?? INT4_MAX);
      const min = Number(bound(schema, "greater_than") ?? 0);
      return max >= INT4_MAX ? INT4_MAX : min;
    }
    case "bigint":
      return BigInt(INT4_MAX);
    case "boolean":
      return false;
    case "date":
      return new Date("2030-01-07T15:00:00.000Z");
    case "enum":
      return Object.values(def.entries as Record<string, unknown>)[0];
    case "literal":
      return (def.values as unknown[])[0];
    case "array": {
      const min = Number(bound(schema, "min_length") ?? 0);
      return Array.from({ length: min }, () => inner(def.element));
    }
    case "tuple":
      return (def.items as Schema[]).map(inner);
    case "record":
      return {};
    case "object": {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(def.shape as Record<string, Schema>)) if (!canOmit(v)) out[k] = inner(v);
      return out;
    }
    case "optional":
    case "default":
    case "prefault":
      return undefined;
    case "nullable":
      return null;
    case "nonoptional":
    case "readonly":
    case "catch":
      return inner(def.innerType);
    case "pipe": {
      const v = inner(def.in);
      if ((schema as z.ZodType).safeParse(v).success) return v;
      return [...TEXT_CANDIDATES, uniqueEmail("hostile")].find((c) => (schema as z.ZodType).safeParse(c).success) ?? v;
    }
    case "union": {
      const options = def.options as Schema[];
      for (const o of options) {
        const v = inner(o);
        if ((o as z.ZodType).safeParse(v).success) return v;
      }
      return inner(options[0]);
    }
    case "intersection":
      return { ...(inner(def.left) as object), ...(inner(def.right) as object) };
    case "lazy":
      return inner((def.getter as () => Schema)());
    default:
      return undefined;
  }
}

// ───────────────────────── hostile values ─────────────────────────

export interface Leaf {
  /** Path of keys from the input's root ("" for the root). */
  path: (string | number)[];
  schema: Schema;
}

/** The leaves of a schema (objects, arrays and tuples are opened; optional keys included). */
export function leavesOf(schema: Schema, path: (string | number)[] = [], depth = 0): Leaf[] {
  const def = defOf(schema);
  if (depth > 8) return [];
  const sub = (s: unknown, p: (string | number)[]) => leavesOf(s as Schema, p, depth + 1);
  switch (def.type) {
    case "object":
      return Object.entries(def.shape as Record<string, Schema>).flatMap(([k, v]) => sub(v, [...path, k]));
    case "optional":
    case "nullable":
    case "default":
    case "prefault":
    case "nonoptional":
    case "readonly":
    case "catch":
      return sub(def.innerType, path);
    case "pipe": {
      const input = defOf(def.in as Schema);
      // z.preprocess: the transform comes first, the real schema after it.
      return input.type === "transform" ? sub(def.out, path) : sub(def.in, path);
    }
    case "intersection":
      return [...sub(def.left, path), ...sub(def.right, path)];
    case "lazy":
      return sub((def.getter as () => Schema)(), path);
    case "array":
      return [{ path, schema }, ...sub(def.element, [...path, 0])];
    case "tuple":
      return (def.items as Schema[]).flatMap((item, i) => sub(item, [...path, i]));
    default:
      return [{ path, schema }];
  }
}

export interface Hostile {
  label: string;
  value: unknown;
  /** The call must be refused: a 400 naming the leaf's top-level field (or refused earlier, 401/403/429). */
  mustRefuse: boolean;
}

const MEGABYTE_TEXT = "x".repeat(1_000_000);
const RTL_AND_EMOJI = "مرحبا \u202Eevil\u202C שלום 👩🏽‍💻🇺🇸";

function isStripped(schema: Schema): boolean {
  return checksOf(schema).some((c) => c.check === "overwrite" && c.tx === stripUnstorable);
}

/** Boundary and wrong-type values for one leaf, by its kind. `random` adds fast-check samples (fixed seed). */
export function hostileValuesFor(leaf: Leaf, seed: number | null): Hostile[] {
  const def = defOf(leaf.schema);
  const wrongTypes: Hostile[] = [
    { label: "an object", value: { nested: true }, mustRefuse: true },
    { label: "an array", value: [1, 2], mustRefuse: def.type !== "array" },
  ];
  switch (def.type) {
    case "number":
      return [
        { label: "0", value: 0, mustRefuse: Number(bound(leaf.schema, "greater_than") ?? 0) > 0 },
        { label: "-1", value: -1, mustRefuse: Number(bound(leaf.schema, "greater_than") ?? 0) >= 0 },
        { label: "2^31", value: 2 ** 31, mustRefuse: true },
        { label: "2^53", value: 2 ** 53, mustRefuse: true },
        { label: "1e308", value: 1e308, mustRefuse: true },
        { label: "NaN", value: Number.NaN, mustRefuse: true },
        { label: "'NaN'", value: "NaN", mustRefuse: true },
        { label: "1.5", value: 1.5, mustRefuse: checksOf(leaf.schema).some((c) => c.format === "safeint") },
        { label: "the largest int4", value: INT4_MAX, mustRefuse: false },
        ...wrongTypes,
      ];
    case "bigint":
      return [
        { label: "20 digits", value: 10n ** 20n - 1n, mustRefuse: true },
        { label: "-1", value: -1n, mustRefuse: true },
        { label: "a number", value: 5, mustRefuse: true },
        ...wrongTypes,
      ];
    case "string": {
      const stripped = isStripped(leaf.schema);
      const fuzz =
        seed !== null
        ? fc.sample(fc.string({ unit: "binary", maxLength: 40 }), { seed: seed + leaf.path.join(".").length, numRuns: 1 }).map((value, i) => ({
            label: `random text #${i}`,
            value,
            mustRefuse: false,
          }))
        : [];
      return [
        { label: "NUL", value: "a\u0000b", mustRefuse: !stripped },
        { label: "lone surrogate", value: "a\uD800b", mustRefuse: !stripped },
        { label: "1 MB", value: MEGABYTE_TEXT, mustRefuse: true },
        { label: "RTL and emoji", value: RTL_AND_EMOJI, mustRefuse: false },
        { label: "blank", value: "   ", mustRefuse: false },
        { label: "a number", value: 42, mustRefuse: true },
        ...fuzz,
        ...wrongTypes,
      ];
    }
    case "date":
      return [
        { label: "year 0001", value: new Date("0001-01-01T00:00:00.000Z"), mustRefuse: true },
        { label: "year 275760", value: new Date("+275760-09-13T00:00:00.000Z"), mustRefuse: true },
        { label: "'+275760' text", value: "+275760-09-13T00:00:00.000Z", mustRefuse: true },
        { label: "not a date", value: "yesterday-ish", mustRefuse: true },
        { label: "1e15", value: 1e15, mustRefuse: true },
      ];
    case "boolean":
      return [{ label: "'true' text", value: "true", mustRefuse: true }, { label: "1", value: 1, mustRefuse: true }];
    case "enum":
    case "literal":
      return [{ label: "an unknown value", value: "__proto__", mustRefuse: true }, { label: "NUL", value: "a\u0000", mustRefuse: true }];
    case "array": {
      const element = leaf.schema as unknown as { _zod: { def: { element: Schema } } };
      const item = validValue(element._zod.def.element);
      return [{ label: "20,000 items", value: Array.from({ length: 20_000 }, () => item), mustRefuse: true }, { label: "text", value: "[]", mustRefuse: true }];
    }
    case "record":
      return [
        { label: "1,000 keys", value: Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [`k${i}`, "name"])), mustRefuse: false },
        { label: "NUL key", value: { "a\u0000": "name" }, mustRefuse: true },
      ];
    default:
      return wrongTypes.map((w) => ({ ...w, mustRefuse: false }));
  }
}

/** Whole inputs that are wrong as a whole; none may cause a 5xx (whether refused depends on the schema). */
export const ROOT_HOSTILES: { label: string; value: unknown }[] = [
  { label: "no input", value: undefined },
  { label: "null", value: null },
  { label: "a string", value: "hostile" },
  { label: "a number", value: 1e308 },
  { label: "an array", value: [1, 2, 3] },
  { label: "keys named like Object methods", value: { toString: 1, valueOf: "x", hasOwnProperty: null } },
];

export function setAt(root: unknown, path: (string | number)[], value: unknown): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path;
  const base = (root && typeof root === "object" ? root : typeof head === "number" ? [] : {}) as Record<string | number, unknown>;
  const copy = (Array.isArray(base) ? [...base] : { ...base }) as Record<string | number, unknown>;
  copy[head!] = setAt(base[head!], rest, value);
  return copy;
}

// ───────────────────────── over HTTP ─────────────────────────

type RouteHandler = (req: Request) => Promise<Response>;
let trpcRoute: { GET: RouteHandler; POST: RouteHandler } | undefined;
const trpc = async () => (trpcRoute ??= (await import("@/app/api/trpc/[trpc]/route")) as unknown as { GET: RouteHandler; POST: RouteHandler });

/** A session cookie as next-auth sets it, for an account signed in now. */
export async function sessionCookie(account: { kind: "user" | "admin"; id: number }): Promise<string> {
  const session = await createSession(account, { rememberMe: false, ip: "127.0.0.1" });
  const token = await encode({ token: { sid: session.sessionId, accessExpiresAt: session.accessExpiresAt }, secret: getEnv().JWT_SECRET });
  return `${sessionCookieName()}=${encodeURIComponent(token)}`;
}

export interface CallOutcome {
  status: number;
  code?: string;
  message?: string;
  fieldErrors?: Record<string, string[] | undefined>;
  formErrors?: string[];
}

interface TrpcErrorJson {
  message: string;
  data?: { code?: string; httpStatus?: number; zodError?: { fieldErrors?: Record<string, string[]>; formErrors?: string[] } | null };
}

function outcomeOf(item: unknown, httpStatus: number): CallOutcome {
  const error = (item as { error?: { json?: TrpcErrorJson } & TrpcErrorJson } | undefined)?.error;
  if (!error) return { status: httpStatus >= 400 ? httpStatus : 200 };
  const json = error.json ?? error;
  return {
    status: json.data?.httpStatus ?? httpStatus,
    code: json.data?.code,
    message: json.message,
    fieldErrors: json.data?.zodError?.fieldErrors,
    formErrors: json.data?.zodError?.formErrors,
  };
}

/**
 * Calls one procedure with several inputs as one tRPC batch over the route handler (GET for queries, POST for
 * mutations), exactly as the browser client sends them. Returns one outcome per input.
 */
export async function callBatch(
  path: string,
  inputs: unknown[],
  cookie: string | null,
  extraHeaders: Record<string, string> = {},
): Promise<CallOutcome[]> {
  const type = procedures[path]!._def.type;
  const route = await trpc();
  const headers: Record<string, string> = { "x-forwarded-for": uniqueIp(), "content-type": "application/json", ...extraHeaders };
  if (cookie) headers.cookie = cookie;
  const encoded = Object.fromEntries(inputs.map((input, i) => [i, input === undefined ? undefined : superjson.serialize(input)]));
  const paths = inputs.map(() => path).join(",");
  if (type === "subscription") return Promise.all(inputs.map((input) => callSubscription(path, input, headers)));
  const url = new URL(`http://localhost:8000/api/trpc/${paths}`);
  url.searchParams.set("batch", "1");
  let response: Response;
  if (type === "query") {
    url.searchParams.set("input", JSON.stringify(encoded));
    response = await route.GET(new Request(url, { headers }));
  } else {
    response = await route.POST(new Request(url, { method: "POST", headers, body: JSON.stringify(encoded) }));
  }
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return inputs.map(() => ({ status: response.status, message: text.slice(0, 200) }));
  }
  if (!Array.isArray(body)) return inputs.map(() => outcomeOf(body, response.status));
  return inputs.map((_, i) => outcomeOf(body[i], response.status));
}

/** A subscription's first event (the stream is then closed): an error event carries the refusal. */
async function callSubscription(path: string, input: unknown, headers: Record<string, string>): Promise<CallOutcome> {
  const route = await trpc();
  const url = new URL(`http://localhost:8000/api/trpc/${path}`);
  if (input !== undefined) url.searchParams.set("input", JSON.stringify(superjson.serialize(input)));
  const abort = new AbortController();
  const response = await route.GET(new Request(url, { headers, signal: abort.signal }));
  if (!response.body || !response.headers.get("content-type")?.includes("text/event-stream")) {
    const body = await response.json().catch(() => null);
    return outcomeOf(body, response.status);
  }
  const reader = response.body.getReader();
  let seen = "";
  const decoder = new TextDecoder();
  while (!/\n\n/.test(seen)) {
    const { done, value } = await reader.read();
    if (done) break;
    seen += decoder.decode(value, { stream: true });
  }
  abort.abort();
  await reader.cancel().catch(() => undefined);
  const errorEvent = /event: serialized-error\ndata: (.*)\n/.exec(seen);
  if (!errorEvent) return { status: response.status };
  const error = superjson.deserialize(JSON.parse(errorEvent[1]!)) as TrpcErrorJson;
  return { status: error.data?.httpStatus ?? 500, code: error.data?.code, message: error.message, fieldErrors: error.data?.zodError?.fieldErrors, formErrors: error.data?.zodError?.formErrors };
}

/** Raw bodies a client library would never send; each must be refused with a 4xx, never a 5xx. */
export const RAW_BODIES: { label: string; body: string }[] = [
  { label: "malformed JSON", body: '{"0":{"json":' },
  { label: "a superjson bigint of 20 digits", body: JSON.stringify({ 0: { json: { id: "99999999999999999999", cursor: "99999999999999999999" }, meta: { values: { id: ["bigint"], cursor: ["bigint"] } } } }) },
  { label: "a superjson Date that is not one", body: JSON.stringify({ 0: { json: { startsAt: "+275760-09-13T00:00:00.000Z", from: "nope" }, meta: { values: { startsAt: ["Date"], from: ["Date"] } } } }) },
  { label: "a superjson class it does not know", body: JSON.stringify({ 0: { json: { id: 1 }, meta: { values: { id: [["custom", "Evil"]] } } } }) },
  { label: "superjson meta reaching __proto__", body: JSON.stringify({ 0: { json: { a: 1 }, meta: { values: { "__proto__.polluted": ["undefined"] } } } }) },
  { label: "a batch index that is not a number", body: JSON.stringify({ x: { json: {} } }) },
  { label: "a __proto__ key", body: '{"0":{"json":{"__proto__":{"polluted":true},"id":1}}}' },
  { label: "a constructor.prototype key", body: '{"0":{"json":{"constructor":{"prototype":{"polluted":true}},"name":"x"}}}' },
];

/** Sends a raw body (POST) or raw query input (GET) to one procedure, as a batch of one. */
export async function callRaw(path: string, raw: string, cookie: string | null, extraHeaders: Record<string, string> = {}): Promise<CallOutcome> {
  const type = procedures[path]!._def.type;
  if (type === "subscription") return { status: 200 };
  const route = await trpc();
  const headers: Record<string, string> = { "x-forwarded-for": uniqueIp(), "content-type": "application/json", ...extraHeaders };
  if (cookie) headers.cookie = cookie;
  const url = new URL(`http://localhost:8000/api/trpc/${path}`);
  url.searchParams.set("batch", "1");
  let response: Response;
  if (type === "query") {
    url.searchParams.set("input", raw);
    response = await route.GET(new Request(url, { headers }));
  } else {
    response = await route.POST(new Request(url, { method: "POST", headers, body: raw }));
  }
  const body = await response.json().catch(() => null);
  return Array.isArray(body) ? outcomeOf(body[0], response.status) : outcomeOf(body, response.status);
}

/** True when a refusal names `field` (zod field errors, a service's field error, or its message). */
export function namesField(outcome: CallOutcome, field: string): boolean {
  if (outcome.fieldErrors && Object.keys(outcome.fieldErrors).includes(field)) return true;
  return (outcome.message ?? "").includes(field) || (outcome.formErrors ?? []).some((m) => m.includes(field));
}

/** A 400 must say what is wrong: some field errors, form errors, or a message that is not the generic one. */
export function explainsItself(outcome: CallOutcome): boolean {
  const fields = Object.values(outcome.fieldErrors ?? {}).flat().length;
  const forms = (outcome.formErrors ?? []).length;
  return fields + forms > 0 || (!!outcome.message && outcome.message !== "Some fields are invalid.");
}

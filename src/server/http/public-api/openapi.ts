import { z } from "zod";
import { API_KEY_SCOPES } from "@/schemas/api-keys";
import { contactResponse, leadResponse, noteResponse, problemResponse } from "@/schemas/public-api";
import { RATE_LIMITS } from "@/server/auth/rate-limit";
import { bodyMethods, pathParamsOf, PUBLIC_OPERATIONS, type PublicOperation } from "./operations";
import { PROBLEM_CONTENT_TYPE, PROBLEM_TYPES } from "./problem";

/**
 * The OpenAPI 3.1 document of `/api/v1`, generated from the operations table: request parameters and bodies from the
 * operations' zod input schemas (the tRPC procedures'), answers from the response schemas in src/schemas/public-api.ts
 * (`z.toJSONSchema`, JSON Schema 2020-12 as OpenAPI 3.1 uses). Served at /api/v1/openapi.json and rendered by the
 * reference page; tests/api/public-api.test.ts validates it and keeps the generated client types current.
 */
type JsonSchema = Record<string, unknown> & { properties?: Record<string, JsonSchema>; required?: string[] };

const COMPONENT = (id: string) => `#/components/schemas/${id}`;

/** JSON Schema has no Date: a date input or output is ISO 8601 text. */
const override = (ctx: { zodSchema: z.core.$ZodTypes; jsonSchema: z.core.JSONSchema.BaseSchema }) => {
  if (ctx.zodSchema._zod.def.type === "date") Object.assign(ctx.jsonSchema, { type: "string", format: "date-time" });
};

function inputSchemaOf(operation: PublicOperation): JsonSchema {
  const schema = z.toJSONSchema(operation.input, { io: "input", target: "draft-2020-12", unrepresentable: "any", override }) as JsonSchema;
  delete schema.$schema;
  return schema;
}

const idOf = (schema: z.ZodType) => (z.globalRegistry.get(schema) as { id?: string } | undefined)?.id;

function componentSchemas(): Record<string, JsonSchema> {
  const registry = z.registry<{ id?: string }>();
  const add = (schema: z.ZodType) => {
    const id = idOf(schema);
    if (!id) throw new Error("every response schema of the public API needs .meta({ id })");
    if (!registry.has(schema)) registry.add(schema, { id });
  };
  // Schemas nested in others are components of their own too (else they land in a shared $defs).
  for (const nested of [problemResponse, leadResponse, noteResponse, contactResponse]) add(nested);
  for (const operation of PUBLIC_OPERATIONS) if ("schema" in operation.response) add(operation.response.schema);
  const { schemas } = z.toJSONSchema(registry, { target: "draft-2020-12", io: "output", unrepresentable: "any", override, uri: COMPONENT }) as unknown as { schemas: Record<string, JsonSchema> };
  for (const schema of Object.values(schemas)) {
    delete schema.$schema;
    delete schema.$id;
  }
  return schemas;
}

const problemContent = { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: COMPONENT("Problem") } } };
const rateLimitHeaderRefs = { "RateLimit-Policy": { $ref: "#/components/headers/RateLimit-Policy" }, RateLimit: { $ref: "#/components/headers/RateLimit" } };
const refusal = (description: string, extraHeaders: Record<string, unknown> = {}) => ({ description, headers: { ...rateLimitHeaderRefs, ...extraHeaders }, content: problemContent });

function operationObject(operation: PublicOperation) {
  const input = inputSchemaOf(operation);
  const properties = input.properties ?? {};
  const required = new Set(input.required ?? []);
  const inPath = pathParamsOf(operation.path);
  const parameters: Record<string, unknown>[] = inPath.map((name) => ({ name, in: "path", required: true, schema: properties[name] }));
  let requestBody: Record<string, unknown> | undefined;
  const rest = Object.fromEntries(Object.entries(properties).filter(([name]) => !inPath.includes(name)));
  if (bodyMethods.has(operation.method)) {
    if (Object.keys(rest).length) {
      const bodyRequired = [...required].filter((name) => !inPath.includes(name));
      requestBody = {
        required: true,
        content: { "application/json": { schema: { ...input, properties: rest, required: bodyRequired.length ? bodyRequired : undefined, additionalProperties: false } } },
      };
    }
    parameters.push({ $ref: "#/components/parameters/Idempotency-Key" });
  } else {
    for (const [name, schema] of Object.entries(rest)) {
      const isObject = (schema as JsonSchema).type === "object";
      parameters.push({
        name,
        in: "query",
        required: required.has(name) && !("default" in schema),
        schema,
        ...(isObject ? { style: "deepObject", explode: true } : {}),
      });
    }
  }
  const success =
    operation.response.status === 204
      ? { description: operation.response.description, headers: rateLimitHeaderRefs }
      : {
          description: operation.response.description,
          headers: rateLimitHeaderRefs,
          content: { "application/json": { schema: { $ref: COMPONENT(idOf(operation.response.schema)!) } } },
        };
  const responses: Record<string, unknown> = { [String(operation.response.status)]: success };
  if (operation.statusOf) responses["200"] = success;
  Object.assign(responses, {
    "400": refusal("The request is not valid: `errors` names each field"),
    "401": refusal("No valid API key"),
    "403": refusal(`The key lacks the ${operation.scope} scope, or the workspace's rules refuse the change`),
    "404": refusal("No such record in the key's workspace"),
    "429": refusal("Rate limit reached", { "Retry-After": { $ref: "#/components/headers/Retry-After" } }),
  });
  if (bodyMethods.has(operation.method)) {
    Object.assign(responses, {
      "409": refusal("A conflict (a duplicate, a time just taken), or a request with the same Idempotency-Key still in progress"),
      "413": refusal("The body is over 1 MB"),
      "422": refusal("The Idempotency-Key was used for a different request"),
    });
  }
  return {
    operationId: operation.operationId,
    summary: operation.summary,
    description: [operation.description, `Needs the \`${operation.scope}\` scope.`].filter(Boolean).join("\n\n"),
    tags: [operation.tag],
    security: [{ ApiKey: [] }],
    "x-required-scope": operation.scope,
    parameters,
    ...(requestBody ? { requestBody } : {}),
    responses,
  };
}

function buildDocument() {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const operation of PUBLIC_OPERATIONS) {
    (paths[operation.path] ??= {})[operation.method.toLowerCase()] = operationObject(operation);
  }
  const { points, durationSec } = RATE_LIMITS.apiKey;
  return {
    openapi: "3.1.0",
    jsonSchemaDialect: "https://spec.openapis.org/oas/3.1/dialect/base",
    info: {
      title: "Loctelli API",
      version: "1.0.0",
      description: [
        "Read and write one workspace's leads, notes, bookings, contacts and form submissions. Every request carries a workspace API key in the `X-API-Key` header (Settings › API keys); the key's scopes decide what it may do, and only its own workspace's records exist for it (another workspace's ids are 404).",
        `Each key may make ${points} requests per ${durationSec} seconds; every answer says where it stands in the \`RateLimit-Policy\` and \`RateLimit\` headers (draft-ietf-httpapi-ratelimit-headers), and a 429 says when to retry in \`Retry-After\`.`,
        "A POST may carry an `Idempotency-Key` (24 hours, per API key): the same key with the same request replays the first answer (with `Idempotent-Replayed: true`); with a different request it is 422; while the first is still running, 409.",
        "Refusals are RFC 9457 problem details (`application/problem+json`).",
        "Scopes: " + Object.entries(API_KEY_SCOPES).map(([scope, what]) => `\`${scope}\` (${what})`).join(", ") + ".",
      ].join("\n\n"),
    },
    servers: [{ url: "/api/v1" }],
    security: [{ ApiKey: [] }],
    tags: [...new Set(PUBLIC_OPERATIONS.map((o) => o.tag))].map((name) => ({ name })),
    paths,
    components: {
      securitySchemes: { ApiKey: { type: "apiKey", in: "header", name: "X-API-Key", description: "A workspace API key, lk_…" } },
      schemas: componentSchemas(),
      parameters: {
        "Idempotency-Key": {
          name: "Idempotency-Key",
          in: "header",
          required: false,
          description: "Makes a POST safe to retry for 24 hours (per API key).",
          schema: { type: "string", minLength: 1, maxLength: 255, pattern: "^[\\x21-\\x7e]+$" },
        },
      },
      headers: {
        "RateLimit-Policy": { description: `The key's quota: \`"per-key";q=${points};w=${durationSec}\``, schema: { type: "string" } },
        RateLimit: { description: 'Requests remaining and seconds until the window resets: `"per-key";r=598;t=41`', schema: { type: "string" } },
        "Retry-After": { description: "Seconds to wait", schema: { type: "integer" } },
      },
    },
    "x-problem-types": Object.fromEntries(Object.entries(PROBLEM_TYPES).map(([type, spec]) => [type, { status: spec.status, title: spec.title, explanation: spec.explanation }])),
  };
}

export type OpenApiDocument = ReturnType<typeof buildDocument>;
let cached: OpenApiDocument | null = null;

export function openApiDocument(): OpenApiDocument {
  return (cached ??= buildDocument());
}

import type { Metadata } from "next";
import Link from "next/link";
import { Fragment, type ReactNode } from "react";

import { Logo } from "@/components/brand/logo";
import { Badge } from "@/components/ui/badge";
import { openApiDocument } from "@/server/http/public-api/openapi";

export const metadata: Metadata = { title: "API reference" };

/**
 * The public API's reference, rendered on the server from the OpenAPI document (/api/v1/openapi.json): no script, no
 * outside resource, so it reads offline and on a phone. Problem types are anchored (`#problem-<type>`): the `type` of
 * every problem answer links here.
 */
type Schema = {
  $ref?: string;
  type?: string | string[];
  anyOf?: Schema[];
  enum?: unknown[];
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  format?: string;
  description?: string;
  default?: unknown;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  pattern?: string;
  additionalProperties?: unknown;
};
type Parameter = { name: string; in: string; required?: boolean; schema?: Schema; $ref?: string };
type Operation = {
  operationId: string;
  summary: string;
  description: string;
  tags: string[];
  parameters: Parameter[];
  requestBody?: { content: { "application/json": { schema: Schema } } };
  responses: Record<string, { description: string; content?: Record<string, { schema: Schema }> }>;
};

/** Text with `code` spans. */
function Prose({ text }: { text: string }) {
  return (
    <>
      {text.split(/(`[^`]*`)/).map((part, i) =>
        part.startsWith("`") && part.endsWith("`") && part.length > 1 ? (
          <code key={i} className="rounded bg-muted px-1 py-0.5 font-mono text-[0.85em]">
            {part.slice(1, -1)}
          </code>
        ) : (
          <Fragment key={i}>{part}</Fragment>
        ),
      )}
    </>
  );
}

const refName = (ref: string) => ref.split("/").at(-1)!;
const INT_LIMIT = 2 ** 53 - 1;

function typeOf(schema: Schema | undefined): ReactNode {
  if (!schema) return "any";
  if (schema.$ref) {
    const name = refName(schema.$ref);
    return (
      <a href={`#schema-${name}`} className="text-primary underline-offset-2 hover:underline">
        {name}
      </a>
    );
  }
  if (schema.anyOf) {
    return schema.anyOf.map((s, i) => (
      <Fragment key={i}>
        {i > 0 ? " or " : null}
        {typeOf(s)}
      </Fragment>
    ));
  }
  if (schema.enum) return `one of ${schema.enum.map((v) => JSON.stringify(v)).join(", ")}`;
  const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  if (types.includes("array")) return <>list of {typeOf(schema.items)}</>;
  if (types.includes("object") && schema.properties) return "object (below)";
  const base = types.join(" or ") || "any";
  return schema.format ? `${base} (${schema.format})` : base;
}

function constraintsOf(schema: Schema | undefined): string[] {
  if (!schema) return [];
  const inner = schema.anyOf?.find((s) => s.type !== "null") ?? schema;
  const out: string[] = [];
  if (inner.minimum !== undefined && inner.minimum > -INT_LIMIT) out.push(`≥ ${inner.minimum}`);
  if (inner.maximum !== undefined && inner.maximum < INT_LIMIT) out.push(`≤ ${inner.maximum}`);
  if (inner.minLength) out.push(`at least ${inner.minLength} characters`);
  if (inner.maxLength) out.push(`at most ${inner.maxLength} characters`);
  if (inner.maxItems) out.push(`at most ${inner.maxItems} items`);
  if (schema.default !== undefined) out.push(`default ${JSON.stringify(schema.default)}`);
  return out;
}

function FieldTable({ rows }: { rows: { name: string; where?: string; required: boolean; schema?: Schema }[] }) {
  if (!rows.length) return null;
  return (
    <div className="overflow-x-auto rounded-lg border">
      <table className="w-full text-left text-sm">
        <thead className="bg-muted/50 text-xs text-muted-foreground">
          <tr>
            <th className="px-3 py-2 font-medium">Name</th>
            <th className="px-3 py-2 font-medium">Type</th>
            <th className="px-3 py-2 font-medium">Notes</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={`${row.where}-${row.name}`} className="border-t align-top">
              <td className="px-3 py-2 font-mono text-xs">
                {row.name}
                {row.required ? <span className="ml-1 text-destructive">required</span> : null}
                {row.where ? <div className="text-muted-foreground">{row.where}</div> : null}
              </td>
              <td className="px-3 py-2">{typeOf(row.schema)}</td>
              <td className="px-3 py-2 text-muted-foreground">
                {[row.schema?.description, ...constraintsOf(row.schema)].filter(Boolean).join("; ")}
                {row.schema?.type === "object" && row.schema.properties ? (
                  <div className="mt-2">
                    <FieldTable rows={Object.entries(row.schema.properties).map(([name, schema]) => ({ name: `${row.name}[${name}]`, required: false, schema }))} />
                  </div>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

const METHOD_VARIANT: Record<string, "default" | "success" | "secondary" | "destructive"> = { get: "success", post: "default", patch: "secondary", delete: "destructive" };

export default function ApiReferencePage() {
  const doc = openApiDocument();
  const operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({ path, method, op: op as unknown as Operation })),
  );
  const schemas = doc.components.schemas as Record<string, Schema>;
  return (
    <div className="min-h-dvh">
      <header className="border-b px-4 py-4">
        <div className="mx-auto flex max-w-4xl flex-wrap items-center justify-between gap-3">
          <Link href="/" className="rounded-md">
            <Logo />
          </Link>
          <a href="/api/v1/openapi.json" className="text-sm text-primary underline-offset-2 hover:underline" download>
            OpenAPI 3.1 document
          </a>
        </div>
      </header>
      <main className="mx-auto grid max-w-4xl gap-10 px-4 py-8">
        <section className="grid gap-3">
          <h1 className="text-2xl font-semibold tracking-tight">{doc.info.title} reference</h1>
          {doc.info.description.split("\n\n").map((paragraph, i) => (
            <p key={i} className="text-sm leading-6">
              <Prose text={paragraph} />
            </p>
          ))}
          <p className="text-sm leading-6">
            Every path below starts with <code className="rounded bg-muted px-1 py-0.5 font-mono text-[0.85em]">/api/v1</code>. Times are ISO 8601 instants.
          </p>
          <nav aria-label="Endpoints" className="grid gap-1 text-sm">
            {operations.map(({ path, method, op }) => (
              <a key={op.operationId} href={`#${op.operationId}`} className="flex flex-wrap items-center gap-2 text-primary underline-offset-2 hover:underline">
                <Badge variant={METHOD_VARIANT[method]}>{method.toUpperCase()}</Badge>
                <span className="font-mono text-xs break-all">{path}</span>
                <span className="text-muted-foreground">{op.summary}</span>
              </a>
            ))}
          </nav>
        </section>

        {operations.map(({ path, method, op }) => {
          const body = op.requestBody?.content["application/json"].schema;
          const parameters = op.parameters.filter((p) => !p.$ref);
          return (
            <section key={op.operationId} id={op.operationId} className="grid scroll-mt-4 gap-3 border-t pt-6">
              <h2 className="text-lg font-semibold">{op.summary}</h2>
              <p className="flex flex-wrap items-center gap-2">
                <Badge variant={METHOD_VARIANT[method]}>{method.toUpperCase()}</Badge>
                <code className="font-mono text-sm break-all">/api/v1{path}</code>
              </p>
              {op.description.split("\n\n").map((paragraph, i) => (
                <p key={i} className="text-sm leading-6">
                  <Prose text={paragraph} />
                </p>
              ))}
              {parameters.length ? (
                <>
                  <h3 className="text-sm font-medium">Parameters</h3>
                  <FieldTable rows={parameters.map((p) => ({ name: p.name, where: p.in === "path" ? "in the path" : "in the query", required: !!p.required, schema: p.schema }))} />
                </>
              ) : null}
              {body?.properties ? (
                <>
                  <h3 className="text-sm font-medium">JSON body</h3>
                  <FieldTable rows={Object.entries(body.properties).map(([name, schema]) => ({ name, required: (body.required ?? []).includes(name), schema }))} />
                </>
              ) : null}
              {method === "post" ? (
                <p className="text-sm text-muted-foreground">
                  Takes an optional <code className="font-mono">Idempotency-Key</code> header.
                </p>
              ) : null}
              <h3 className="text-sm font-medium">Answers</h3>
              <ul className="grid gap-1 text-sm">
                {Object.entries(op.responses).map(([status, response]) => {
                  const schema = Object.values(response.content ?? {})[0]?.schema;
                  return (
                    <li key={status}>
                      <span className="font-mono">{status}</span> {response.description}
                      {schema ? <> — {typeOf(schema)}</> : null}
                    </li>
                  );
                })}
              </ul>
            </section>
          );
        })}

        <section id="problems" className="grid gap-3 border-t pt-6">
          <h2 className="text-lg font-semibold">Problems</h2>
          <p className="text-sm leading-6">
            Refusals are <code className="font-mono">application/problem+json</code> (RFC 9457): <code className="font-mono">type</code> links to its entry here,{" "}
            <code className="font-mono">detail</code> says what is wrong with this request, <code className="font-mono">errors</code> lists each refused field.
          </p>
          <dl className="grid gap-3">
            {Object.entries(doc["x-problem-types"]).map(([type, spec]) => (
              <div key={type} id={`problem-${type}`} className="scroll-mt-4 rounded-lg border p-3">
                <dt className="text-sm font-medium">
                  <span className="font-mono">{spec.status}</span> {spec.title}
                </dt>
                <dd className="text-sm text-muted-foreground">
                  <Prose text={spec.explanation} />
                </dd>
              </div>
            ))}
          </dl>
        </section>

        <section id="schemas" className="grid gap-4 border-t pt-6">
          <h2 className="text-lg font-semibold">Schemas</h2>
          {Object.entries(schemas).map(([name, schema]) => (
            <div key={name} id={`schema-${name}`} className="grid scroll-mt-4 gap-2">
              <h3 className="font-mono text-sm font-medium">{name}</h3>
              <FieldTable rows={Object.entries(schema.properties ?? {}).map(([field, s]) => ({ name: field, required: (schema.required ?? []).includes(field), schema: s }))} />
            </div>
          ))}
        </section>
      </main>
    </div>
  );
}

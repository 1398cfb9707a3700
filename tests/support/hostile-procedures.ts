import fc from "fast-check";
import superjson from "superjson";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetEnvCache } from "@/env";
import type { z } from "zod";
import {
  callBatch,
  callRaw,
  explainsItself,
  hostileValuesFor,
  inputSchemaOf,
  leavesOf,
  namesField,
  procedures,
  RAW_BODIES,
  ROOT_HOSTILES,
  sessionCookie,
  setAt,
  validValue,
  vocabularyViolations,
  type CallOutcome,
} from "./hostile";
import { createAdmin, createUser, createWorkspace, signedInCaller } from "./factories";
import { startTwilioServer } from "./twilio-server";

/**
 * The hostile-input test over every procedure of the router, in shards that run as separate test files (in parallel).
 * For each procedure: a valid input is built from its zod schema (or taken from VALID_INPUTS when the schema's own
 * refinements need a hand-written one), then every leaf of the schema gets boundary numbers, NUL and lone surrogates,
 * 1 MB text, RTL and emoji, dates in year 1 and 275760, wrong types and huge arrays, and the input as a whole gets
 * wrong types and extra keys. Each is sent as a workspace admin, a member and anonymously (a platform admin for
 * platform procedures, an API key for external ones) through the tRPC route handler, ten calls per batch.
 * Pass: never a 5xx; a 400 says what is wrong; a value the vocabulary must refuse is refused naming its field.
 */

/** Valid inputs for procedures whose schema refinements the generator cannot satisfy on its own. */
const VALID_INPUTS: Record<string, () => unknown> = {
  "availability.slots": () => ({ userId: 2_147_483_647, from: new Date("2030-01-07T00:00:00Z"), to: new Date("2030-01-08T00:00:00Z"), timezone: "UTC" }),
  "availability.overrides.set": () => ({ date: "2030-01-07", isDayOff: true }),
  "imports.start": () => ({ id: 2_147_483_647, mapping: { "0": "name" }, duplicateMode: "skip" }),
  "platform.security.unlock": () => ({ ip: "10.9.9.9" }),
  // The platform default is one row every test file's workspaces fall back to: saves and removals here name a revision
  // that never matches, so they are refused (409) after their input is checked and never change it. The address is a
  // port nothing listens on, so "test connection" fails at once.
  "platform.ai.save": () => ({ provider: "openai_compatible", baseUrl: "http://127.0.0.1:9/v1", model: "hostile-model", revision: "stale-revision" }),
  "platform.ai.clear": () => ({ revision: "stale-revision" }),
  "platform.ai.test": () => ({ provider: "openai_compatible", baseUrl: "http://127.0.0.1:9/v1", model: "hostile-model" }),
  "aiModel.save": () => ({ provider: "openai_compatible", baseUrl: "http://127.0.0.1:9/v1", model: "hostile-model" }),
  "aiModel.test": () => ({ provider: "openai_compatible", baseUrl: "http://127.0.0.1:9/v1", model: "hostile-model" }),
  "sms.addNumber": () => ({ phoneNumber: "+15550001111" }),
  "usage.summary": () => ({ month: "2030-01", timezone: "UTC" }),
  "email.setServerToken": () => ({ serverToken: "00000000-0000-0000-0000-000000000000" }),
  "email.updateSettings": () => ({ fromName: "Front desk", fromAddress: "front@example.com", unknownSenders: "ignore" }),
  "sms.setCredentials": () => ({ accountSid: `AC${"0".repeat(32)}`, authToken: "0".repeat(32) }),
  "forms.analytics": () => ({ formId: 2_147_483_647, from: "2030-01-01", to: "2030-01-31", timeZone: "America/New_York" }),
  // A public address literal: the SSRF check resolves nothing.
  "webhooks.create": () => ({ url: "https://93.184.216.34/hook", eventTypes: ["lead.created"] }),
  "webhooks.update": () => ({ id: 2_147_483_647, url: "https://93.184.216.34/hook", eventTypes: ["lead.created"] }),
};

/** fast-check's seed for the random texts: fixed, so a failure reproduces. */
const FUZZ_SEED = 20261202;

type Role = "admin" | "member" | "anonymous" | "platformAdmin" | "apiKey";
/** Refused before the input is read (sign-in, role, rate limit) or for its size as a whole. */
const REFUSED_BEFORE_INPUT = new Set([401, 403, 429]);
const REFUSALS = new Set([...REFUSED_BEFORE_INPUT, 413]);

function rolesFor(path: string): Role[] {
  if (path.startsWith("platform.") || path.startsWith("promptTemplates.")) return ["platformAdmin", "admin", "anonymous"];
  if (path.startsWith("external.")) return ["apiKey", "anonymous"];
  return ["admin", "member", "anonymous"];
}

interface Case {
  label: string;
  input: unknown;
  field?: string;
  mustRefuse: boolean;
}

function casesFor(path: string): Case[] {
  const schema = inputSchemaOf(path);
  const base = VALID_INPUTS[path]?.() ?? (schema ? validValue(schema) : undefined);
  const cases: Case[] = [{ label: "a valid input", input: base, mustRefuse: false }];
  if (schema) {
    for (const leaf of leavesOf(schema)) {
      for (const hostile of hostileValuesFor(leaf, FUZZ_SEED)) {
        cases.push({
          label: `${leaf.path.join(".") || "(input)"} = ${hostile.label}`,
          input: setAt(base, leaf.path, hostile.value),
          field: leaf.path.length ? String(leaf.path[0]) : undefined,
          mustRefuse: hostile.mustRefuse,
        });
      }
    }
  }
  for (const root of ROOT_HOSTILES) cases.push({ label: `input = ${root.label}`, input: root.value, mustRefuse: false });
  if (base && typeof base === "object" && !Array.isArray(base)) {
    cases.push({ label: "extra keys", input: { ...base, extra: "x".repeat(1000), isAdmin: true, subAccountId: 1 }, mustRefuse: false });
  }
  return cases;
}

const BATCH_SIZE = 10;
/** Keeps a batch's body well under the 1 MB limit: a case that is large on its own goes alone. */
const BATCH_BYTES = 600_000;
const MEMBER_SAMPLE = 8;

function batchesOf(cases: Case[]): Case[][] {
  const batches: Case[][] = [];
  let current: Case[] = [];
  let bytes = 0;
  for (const c of cases) {
    const size = JSON.stringify(superjson.serialize(c.input ?? null)).length;
    if (current.length && (current.length === BATCH_SIZE || bytes + size > BATCH_BYTES)) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(c);
    bytes += size;
  }
  if (current.length) batches.push(current);
  return batches;
}

/** A fixed sample (fast-check, seeded by the procedure's path) of `count` cases. */
function sampleOf(cases: Case[], count: number, path: string): Case[] {
  if (cases.length <= count) return cases;
  const seed = [...path].reduce((h, ch) => (h * 31 + ch.charCodeAt(0)) | 0, FUZZ_SEED);
  const picks = fc.sample(fc.uniqueArray(fc.nat(cases.length - 1), { minLength: count, maxLength: count }), { seed, numRuns: 1 })[0]!;
  return picks.map((i) => cases[i]!);
}

function problemsOf(path: string, role: Role, c: Case, outcome: CallOutcome): string[] {
  const where = `${path} as ${role}, ${c.label}: ${outcome.status} ${outcome.code ?? ""} ${outcome.message ?? ""}`.slice(0, 400);
  const problems: string[] = [];
  if (outcome.status >= 500) problems.push(`5xx: ${where}`);
  if (outcome.status === 400 && !explainsItself(outcome)) problems.push(`400 without saying what is wrong: ${where}`);
  if (c.mustRefuse && !REFUSALS.has(outcome.status)) {
    if (outcome.status !== 400) problems.push(`accepted a value it must refuse: ${where}`);
    else if (c.field && !namesField(outcome, c.field)) problems.push(`400 not naming "${c.field}": ${where} ${JSON.stringify(outcome.fieldErrors)}`);
  }
  return problems;
}

export function describeProcedureShard(shard: number, shards: number) {
  const paths = Object.keys(procedures)
    .sort()
    .filter((_, i) => i % shards === shard);

  describe(`hostile input: procedures, shard ${shard + 1} of ${shards}`, () => {
    const cookies: Partial<Record<Role, string | null>> = { anonymous: null };
    let apiKey = "";

    // sms.setCredentials checks the credentials with Twilio: the local emulator knows VALID_INPUTS' account.
    let twilioApi: { url: string; close(): Promise<void> } | undefined;
    afterAll(() => twilioApi?.close());

    beforeAll(async () => {
      twilioApi = await startTwilioServer({ [`AC${"0".repeat(32)}`]: "0".repeat(32) });
      process.env.TWILIO_API_URL = twilioApi.url;
      resetEnvCache();
      const workspace = await createWorkspace("Hostile");
      const admin = await createUser({ subAccountId: workspace.id, role: "admin" });
      const member = await createUser({ subAccountId: workspace.id, role: "user" });
      const platformAdmin = await createAdmin({ role: "super_admin" });
      cookies.admin = await sessionCookie({ kind: "user", id: admin.id });
      cookies.member = await sessionCookie({ kind: "user", id: member.id });
      cookies.platformAdmin = await sessionCookie({ kind: "admin", id: platformAdmin.id });
      const { caller } = await signedInCaller({ kind: "user", id: admin.id });
      apiKey = (await caller.apiKeys.create({ name: "Hostile", scopes: ["leads:read", "leads:write"] })).key;
    });

    it("every input schema uses the vocabulary of src/schemas/common.ts", () => {
      const problems = paths.flatMap((path) => {
        const schema = inputSchemaOf(path);
        return schema ? vocabularyViolations(schema).map((p) => `${path} ${p}`) : [];
      });
      expect(problems).toEqual([]);
    });

    it("every procedure has a valid input to mutate (generated, or in VALID_INPUTS)", () => {
      const invalid = paths.filter((path) => {
        const schema = inputSchemaOf(path);
        if (!schema) return false;
        const base = VALID_INPUTS[path]?.() ?? validValue(schema);
        return !(schema as z.ZodType).safeParse(base).success;
      });
      expect(invalid, `add a valid input to VALID_INPUTS in tests/support/hostile-procedures.ts for: ${invalid.join(", ")}`).toEqual([]);
    });

    it("never answers 5xx; refuses hostile values naming the field", { timeout: 600_000 }, async () => {
      const problems: string[] = [];
      const unreached: string[] = [];
      const timings: [string, number][] = [];
      for (const path of paths) {
        const started = performance.now();
        const cases = casesFor(path);
        let reached = false;
        for (const role of rolesFor(path)) {
          const cookie = role === "apiKey" ? null : (cookies[role] ?? null);
          const headers: Record<string, string> = role === "apiKey" ? { "x-api-key": apiKey } : {};
          // The first batch tells whether this caller gets past authorization at all; if not, the rest would only
          // be refused the same way, so it is skipped. A member gets a seeded sample: its input checks are the admin's.
          const first = cases.slice(0, BATCH_SIZE);
          const outcomes = await callBatch(path, first.map((c) => c.input), cookie, headers);
          outcomes.forEach((outcome, i) => problems.push(...problemsOf(path, role, first[i]!, outcome)));
          if (outcomes.every((o) => REFUSED_BEFORE_INPUT.has(o.status))) continue;
          reached = true;
          const rest = role === "member" ? sampleOf(cases.slice(BATCH_SIZE), MEMBER_SAMPLE, path) : cases.slice(BATCH_SIZE);
          for (const batch of batchesOf(rest)) {
            const results = await callBatch(path, batch.map((c) => c.input), cookie, headers);
            results.forEach((outcome, i) => problems.push(...problemsOf(path, role, batch[i]!, outcome)));
          }
          if (role === "member") continue;
          for (const raw of RAW_BODIES) {
            const outcome = await callRaw(path, raw.body, cookie, headers);
            if (outcome.status >= 500) problems.push(`5xx: ${path} as ${role}, raw ${raw.label}: ${outcome.status} ${outcome.message ?? ""}`);
          }
        }
        if (!reached) unreached.push(path);
        timings.push([path, Math.round(performance.now() - started)]);
      }
      if (process.env.HOSTILE_PROFILE) console.log(timings.sort((a, b) => b[1] - a[1]).slice(0, 15));
      expect(({} as Record<string, unknown>).polluted, "a request polluted Object.prototype").toBeUndefined();
      expect(problems).toEqual([]);
      expect(unreached, "no caller got past authorization to these procedures' input: give rolesFor a caller that can").toEqual([]);
    });
  });
}

import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

/**
 * Model configuration: workspace -> platform -> environment, as the worker's AI turns, the test chat and the
 * evaluations resolve it, against local OpenAI-compatible servers (the official SDK over HTTP).
 *
 * The platform default is one row every workspace falls back to, so this file runs in a database of its own: the
 * defaults it saves never reach the workspaces of the files running beside it.
 */
const { TEST_DATABASE_URL } = await import("../support/test-env");
const OWN_DATABASE = TEST_DATABASE_URL.replace(/\/([^/?]+)(\?.*)?$/, "/$1_platform_ai$2");
process.env.DATABASE_URL = OWN_DATABASE;
// The local model servers listen on 127.0.0.1: a workspace's own server may be there only because it is allow-listed
// (the SSRF guard of outbound requests; a name such as localhost resolving there is not).
process.env.WEBHOOK_ALLOWED_HOSTS = "127.0.0.1";
const { deployMigrations, ensureDatabase } = await import("@/server/db/migrations");
await ensureDatabase(OWN_DATABASE);
await deployMigrations(OWN_DATABASE);

// The environment's model (the bootstrap default), then this file's worker.
const { local } = await import("../support/local-model");
const { startLocalOpenAI } = await import("../support/openai-server");
const { freePort } = await import("../support/throwaway-services");
const { setUpTestWorker } = await import("../support/worker-harness");
const { resetEnvCache } = await import("@/env");
const { unsafeDb } = await import("@/server/db/client");
const { NEEDS_HUMAN_MESSAGES } = await import("@/server/agents/run-turn");
const { closeWorkspaceModelConnections, invalidatePlatformModel, invalidateWorkspaceModel } = await import("@/server/integrations/openai/model");
const { seedOnboardingWorkspace } = await import("../../prisma/seed");
const { createAdmin, createUser, signedInCaller } = await import("../support/factories");
const { rejectionOf } = await import("../bookings/world");
const { agentWorld, messagesOf, settled, waitFor } = await import("./world");

setUpTestWorker();
const other = await startLocalOpenAI();
afterAll(async () => {
  await closeWorkspaceModelConnections();
  await other.close();
});
beforeAll(async () => {
  await seedOnboardingWorkspace();
  await unsafeDb.platformAiModel.deleteMany({});
  await invalidatePlatformModel();
});
beforeEach(() => {
  local.reset();
  other.reset();
});

const messageOf = (result: { ok: boolean } & ({ message: string } | object)) => ("message" in result ? result.message : "connected");

async function platformCaller() {
  return (await signedInCaller({ kind: "admin", id: (await createAdmin({ role: "admin" })).id })).caller;
}

async function workspaceAdminCaller(subAccountId: number) {
  return (await signedInCaller({ kind: "user", id: (await createUser({ subAccountId, role: "admin" })).id })).caller;
}

/** The lead writes, the worker answers: which server answered, with which key and model. */
async function replyTo(w: Awaited<ReturnType<typeof agentWorld>>, text: string) {
  const before = (await messagesOf(w.lead.id)).length;
  await w.say(text);
  await waitFor(async () => {
    const rows = await messagesOf(w.lead.id);
    return rows.length > before + 1 && rows.every((m) => m.status !== "pending") ? rows : undefined;
  }, "the reply");
  return (await messagesOf(w.lead.id)).at(-1)!;
}

describe("which model answers: the workspace's own, else the platform's, else the environment's", () => {
  it("resolves in that order, invalidates on every change, and never returns or stores a key in clear", async () => {
    const auditFrom = (await unsafeDb.auditLog.aggregate({ _max: { id: true } }))._max.id ?? 0;
    const w = await agentWorld();
    const admin = await workspaceAdminCaller(w.subAccountId);
    const platform = await platformCaller();
    local.fallback(() => ({ content: "From the environment's model." }));
    other.fallback((request) => ({ content: `From ${request.body.model}.` }));

    // 1. Nothing saved: the environment's model (bootstrap default).
    expect((await replyTo(w, "Hello?")).text).toBe("From the environment's model.");
    expect(local.requests.at(-1)!.authorization).toBe("Bearer sk-local-test");
    const initial = await platform.platform.ai.get();
    expect(initial).toMatchObject({ platform: null, revision: "none", aiOn: true, environment: { model: "local-model", host: new URL(local.baseURL).host } });
    expect(await w.caller.aiModel.status()).toMatchObject({ on: true, source: "environment", modelName: "local-model", fixHref: null });

    // 2. A platform default: every workspace without its own model uses it at its next turn.
    const saved = await platform.platform.ai.save({ provider: "openai_compatible", baseUrl: other.baseURL, model: "platform-model", apiKey: "platform-key-123", revision: "none" });
    expect(saved.platform).toMatchObject({ provider: "openai_compatible", model: "platform-model", keySet: true });
    expect(JSON.stringify(saved)).not.toContain("platform-key-123");
    const row = await unsafeDb.platformAiModel.findUniqueOrThrow({ where: { id: 1 } });
    expect(row.apiKey).toMatch(/^v1\./);
    expect(row.apiKey).not.toContain("platform-key-123");
    expect((await replyTo(w, "Still there?")).text).toBe("From platform-model.");
    expect(other.requests.at(-1)!.authorization).toBe("Bearer platform-key-123");

    // A save made from an older revision is refused, not merged.
    expect((await rejectionOf(platform.platform.ai.save({ provider: "openai", model: "gpt-4o-mini", apiKey: "x-key", revision: "none" }))).code).toBe("CONFLICT");
    // Saving again without a key keeps the stored one.
    const resaved = await platform.platform.ai.save({ provider: "openai_compatible", baseUrl: other.baseURL, model: "platform-model-2", revision: saved.revision });
    expect(resaved.platform).toMatchObject({ model: "platform-model-2", keySet: true });

    // 3. The workspace's own model and key win over the platform's.
    const own = await admin.aiModel.save({ provider: "openai_compatible", baseUrl: other.baseURL, model: "own-model", apiKey: "ws-key-456" });
    expect(own.own).toMatchObject({ model: "own-model", keySet: true });
    expect(own.effective).toMatchObject({ on: true, source: "workspace", modelName: "own-model" });
    expect(JSON.stringify(own)).not.toContain("ws-key-456");
    expect((await replyTo(w, "And now?")).text).toBe("From own-model.");
    expect(other.requests.at(-1)!.authorization).toBe("Bearer ws-key-456");
    expect(await admin.aiModel.status()).toMatchObject({ on: true, source: "workspace", canConfigure: true, fixHref: "/settings/ai" });
    // Another workspace still uses the platform's.
    const neighbour = await agentWorld({ name: "Neighbour" });
    expect((await replyTo(neighbour, "Hi")).text).toBe("From platform-model-2.");

    // OpenAI itself needs a key; a compatible server needs its address.
    expect((await rejectionOf(admin.aiModel.save({ provider: "openai", model: "gpt-4o-mini", clearApiKey: true }))).fieldErrors.apiKey).toEqual(["OpenAI needs an API key: paste one."]);
    expect((await rejectionOf(admin.aiModel.save({ provider: "openai_compatible", model: "m" }))).fieldErrors.baseUrl).toEqual(["Give the address of the OpenAI-compatible server"]);

    // 4. Back to the platform's, then to the environment's.
    expect((await admin.aiModel.clear()).effective).toMatchObject({ source: "platform", modelName: "platform-model-2" });
    expect((await replyTo(w, "Platform again?")).text).toBe("From platform-model-2.");
    const cleared = await platform.platform.ai.clear({ revision: resaved.revision });
    expect(cleared).toMatchObject({ platform: null, revision: "none" });
    expect((await replyTo(w, "Environment again?")).text).toBe("From the environment's model.");

    const audit = await unsafeDb.auditLog.findMany({ where: { id: { gt: auditFrom }, action: { in: ["platform.ai_model_saved", "platform.ai_model_cleared", "ai_model.saved", "ai_model.cleared"] } }, orderBy: { id: "asc" } });
    expect(audit.map((a) => a.action)).toEqual(["platform.ai_model_saved", "platform.ai_model_saved", "ai_model.saved", "ai_model.cleared", "platform.ai_model_cleared"]);
    expect(JSON.stringify(audit.map((a) => a.changes))).not.toMatch(/platform-key-123|ws-key-456/);
  });

  it("with no model anywhere the AI is off: said before anything is sent, messages wait, evaluations refuse", async () => {
    const w = await agentWorld();
    const admin = await workspaceAdminCaller(w.subAccountId);
    const saved = { OPENAI_API_KEY: process.env.OPENAI_API_KEY };
    delete process.env.OPENAI_API_KEY;
    resetEnvCache();
    await invalidatePlatformModel();
    try {
      expect(await w.caller.aiModel.status()).toEqual({ on: false, source: null, modelName: null, canConfigure: false, fixHref: null });
      expect(await admin.aiModel.status()).toMatchObject({ on: false, canConfigure: true, fixHref: "/settings/ai" });
      expect((await w.caller.chat.testStart({ strategyId: w.strategy.id })).aiConfigured).toBe(false);
      await w.caller.evaluations.createCase({ strategyId: w.strategy.id, name: "Books", leadMessages: ["Book me"], expectations: [{ kind: "booking_created" }] });
      const refused = await rejectionOf(w.caller.evaluations.run({ strategyId: w.strategy.id }));
      expect(refused).toMatchObject({ code: "PRECONDITION_FAILED", message: "No AI model is configured, so the evaluation cannot run: an admin sets one in Settings › AI." });
      await w.say("Anyone?");
      const rows = await settled(w.lead.id);
      expect(rows.map((m) => [m.status, m.error])).toEqual([["needs_human", NEEDS_HUMAN_MESSAGES.ai_off]]);
      expect(local.requests).toHaveLength(0);
      expect(JSON.stringify(await admin.aiModel.get())).not.toContain("OPENAI");
    } finally {
      process.env.OPENAI_API_KEY = saved.OPENAI_API_KEY;
      resetEnvCache();
      await invalidatePlatformModel();
    }
  });
});

describe("a workspace's own server: the SSRF guard of outbound requests", () => {
  const OUTSIDE_WORDS = "A workspace's own server must be an https address on the internet (not localhost or a private network).";

  it("is refused when saved or tried if it is inside our network (a name resolving there too), or plain http; nothing stored or sent", async () => {
    const w = await agentWorld();
    const admin = await workspaceAdminCaller(w.subAccountId);
    const port = new URL(other.baseURL).port;
    const before = other.requests.length;
    for (const baseUrl of [
      `http://localhost:${port}/v1`,
      `https://localhost:${port}/v1`,
      "http://10.0.0.1/v1",
      "https://169.254.169.254/v1",
      "https://[::1]:11434/v1",
      `http://[::ffff:127.0.0.1]:${port}/v1`,
      "https://192.168.1.20/v1",
      "http://93.184.216.34/v1",
    ]) {
      const values = { provider: "openai_compatible" as const, baseUrl, model: "own-model", apiKey: "ws-key-789" };
      expect((await rejectionOf(admin.aiModel.save(values))).fieldErrors.baseUrl, baseUrl).toEqual([OUTSIDE_WORDS]);
      expect((await rejectionOf(admin.aiModel.test(values))).fieldErrors.baseUrl, baseUrl).toEqual([OUTSIDE_WORDS]);
    }
    expect(await unsafeDb.workspaceAiModel.count({ where: { subAccountId: w.subAccountId } })).toBe(0);
    expect(other.requests.length).toBe(before);
    // The platform's default may be anywhere (an Ollama next to the app): platform admins set it.
    other.script({ content: "OK" });
    expect(await (await platformCaller()).platform.ai.test({ provider: "openai_compatible", baseUrl: `http://localhost:${port}/v1`, model: "tiny", apiKey: "p-key-1" })).toMatchObject({ ok: true });
  });

  it("a stored server whose address now resolves inside our network is never called: the turn waits for a person, the key stays here", async () => {
    const w = await agentWorld();
    const port = new URL(other.baseURL).port;
    // As if saved before the guard, or its name re-pointed since: written straight to the database.
    await unsafeDb.workspaceAiModel.create({ data: { subAccountId: w.subAccountId, provider: "openai_compatible", baseUrl: `http://localhost:${port}/v1`, model: "own-model", apiKey: null } });
    await invalidateWorkspaceModel(w.subAccountId);
    other.fallback(() => ({ content: "From a server inside our network." }));
    local.fallback(() => ({ content: "From the environment's model." }));
    const before = other.requests.length;
    await w.say("Anyone there?");
    const rows = await settled(w.lead.id);
    expect(rows.map((m) => [m.role, m.status, m.error])).toEqual([["lead", "needs_human", NEEDS_HUMAN_MESSAGES.model_error]]);
    expect(other.requests.length).toBe(before);
    expect(local.requests).toHaveLength(0);
    // The same address through https is refused by the connection itself (its lookup), not by a check before it.
    await unsafeDb.workspaceAiModel.update({ where: { subAccountId: w.subAccountId }, data: { baseUrl: `https://localhost:${port}/v1` } });
    await invalidateWorkspaceModel(w.subAccountId);
    await w.say("Still nobody?");
    const again = await settled(w.lead.id);
    expect(again.map((m) => [m.role, m.status])).toEqual([
      ["lead", "needs_human"],
      ["lead", "needs_human"],
    ]);
    expect(other.requests.length).toBe(before);
  });
});

describe("test connection", () => {
  it("tries the form's values with a one-token completion and says what went wrong in plain words", async () => {
    const platform = await platformCaller();
    const w = await agentWorld();
    const admin = await workspaceAdminCaller(w.subAccountId);
    const host = new URL(other.baseURL).host;
    const values = { provider: "openai_compatible" as const, baseUrl: other.baseURL, model: "tiny", apiKey: "typed-key-1" };

    other.script({ content: "OK" });
    const ok = await platform.platform.ai.test(values);
    expect(ok).toMatchObject({ ok: true, model: "tiny", host });
    expect(other.requests.at(-1)!.body).toMatchObject({ model: "tiny", max_tokens: 1 });
    expect(other.requests.at(-1)!.authorization).toBe("Bearer typed-key-1");

    other.script({ status: 401, content: "Incorrect API key provided: typed-key-1. You can find your key at https://example.test." });
    expect(await platform.platform.ai.test(values)).toEqual({
      ok: false,
      model: "tiny",
      host,
      message: `${host} refused the key (401): Incorrect API key provided: …. You can find your key at https://example.test.`,
    });
    other.script({ status: 404, content: "model 'tiny' not found" });
    expect(messageOf(await admin.aiModel.test(values))).toBe(
      `${host} has no model “tiny”, or the address is not an OpenAI-compatible API ending in /v1 (404): model 'tiny' not found`,
    );
    other.script({ status: 429, content: "You exceeded your current quota" });
    expect(messageOf(await admin.aiModel.test(values))).toBe(`${host} is limiting requests, or the account has no credit left (429): You exceeded your current quota`);
    const closed = await freePort();
    expect(await admin.aiModel.test({ ...values, baseUrl: `http://127.0.0.1:${closed}/v1` })).toMatchObject({
      ok: false,
      message: `127.0.0.1:${closed} could not be reached: nothing is listening at that address.`,
    });
    other.script({ rawBody: "<html>not an API</html>" });
    expect((await admin.aiModel.test(values)).ok).toBe(false);

    // A blank key field tries the stored key (which never travels to the browser).
    await admin.aiModel.save({ ...values, apiKey: "stored-key-2" });
    other.script({ content: "OK" });
    expect((await admin.aiModel.test({ provider: "openai_compatible", baseUrl: other.baseURL, model: "tiny" })).ok).toBe(true);
    expect(other.requests.at(-1)!.authorization).toBe("Bearer stored-key-2");
    await admin.aiModel.clear();
  });

  it("is for admins: members see only whether the AI is on", async () => {
    const w = await agentWorld();
    expect((await rejectionOf(w.caller.aiModel.get())).code).toBe("FORBIDDEN");
    expect((await rejectionOf(w.caller.aiModel.test({ provider: "openai", model: "gpt-4o-mini" }))).code).toBe("FORBIDDEN");
    expect((await rejectionOf(w.caller.platform.ai.get())).code).toBe("FORBIDDEN");
  });
});

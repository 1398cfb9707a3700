import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { TRPCError } from "@trpc/server";

// The GoHighLevel emulator first: its host:port is the one loopback address the SSRF guard lets requests reach here
// (WEBHOOK_ALLOWED_HOSTS, set before the app reads its env). A second one stands for a system inside our network that
// nobody allow-listed: it must never see a request.
const { startGhlServer } = await import("../support/ghl-server");
const ghl = await startGhlServer();
const internal = await startGhlServer({ token: ghl.token, locationId: ghl.locationId });
process.env.WEBHOOK_ALLOWED_HOSTS = new URL(ghl.url).host;
const { createAdmin, createUser, createWorkspace, signedInCaller } = await import("../support/factories");
const { unsafeDb } = await import("@/server/db/client");
const { closeGhlAgent } = await import("@/server/integrations/gohighlevel/client");
const { ghlTemplate } = await import("./helpers");

afterAll(async () => {
  await closeGhlAgent();
  await ghl.close();
  await internal.close();
});

async function refusal(p: Promise<unknown>) {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(TRPCError);
  return e as TRPCError & { cause?: { fieldErrors?: Record<string, string[]> } };
}

async function workspaceAdmin() {
  const ws = await createWorkspace("Integrations");
  const admin = await createUser({ subAccountId: ws.id, role: "admin" });
  const { caller } = await signedInCaller({ kind: "user", id: admin.id });
  return { ws, caller };
}

describe("integration templates (platform admins)", () => {
  it("checks the schema with Ajv: not JSON, not a JSON Schema, unsupported shapes and unknown secret fields are refused in words", async () => {
    const admin = await createAdmin();
    const { caller } = await signedInCaller({ kind: "admin", id: admin.id });
    const key = `t-${randomUUID().slice(0, 8)}`;
    const base = { key, name: "Calendly", category: "calendar", description: "Books meetings.", secretFields: [], isActive: true };
    expect((await refusal(caller.platform.integrationTemplates.create({ ...base, configSchema: "{not json" }))).message).toMatch(/not valid JSON/);
    expect((await refusal(caller.platform.integrationTemplates.create({ ...base, configSchema: JSON.stringify({ type: "object", properties: { a: { type: "strung" } } }) }))).message).toMatch(/not a valid JSON Schema/);
    expect((await refusal(caller.platform.integrationTemplates.create({ ...base, configSchema: JSON.stringify({ type: "object", properties: { a: { type: "string", requried: true } } }) }))).message).toMatch(/cannot be used/);
    expect((await refusal(caller.platform.integrationTemplates.create({ ...base, configSchema: JSON.stringify({ type: "object", properties: { a: { type: "array" } } }) }))).message).toMatch(/the form supports/);
    expect((await refusal(caller.platform.integrationTemplates.create({ ...base, configSchema: JSON.stringify({ type: "object", properties: { a: { type: "boolean" } } }), secretFields: ["a"] }))).message).toMatch(/only text fields can be secrets/);

    const schema = { type: "object", required: ["apiKey"], properties: { apiKey: { type: "string", minLength: 8 }, region: { type: "string", enum: ["us", "eu"] } } };
    const created = await caller.platform.integrationTemplates.create({ ...base, configSchema: JSON.stringify(schema), secretFields: ["apiKey"] });
    const listed = (await caller.platform.integrationTemplates.list()).find((t) => t.id === created.id)!;
    expect(listed).toMatchObject({ key, name: "Calendly", secretFields: ["apiKey"], connectedWorkspaces: 0 });
    const fields: Partial<typeof base> = { ...base };
    delete fields.key;
    await caller.platform.integrationTemplates.update({ id: created.id, ...fields, name: "Calendly 2", configSchema: JSON.stringify(schema), secretFields: ["apiKey"], isActive: false });
    expect((await unsafeDb.integrationTemplate.findUniqueOrThrow({ where: { id: created.id } })).name).toBe("Calendly 2");
    await caller.platform.integrationTemplates.delete({ id: created.id });
    expect(await unsafeDb.integrationTemplate.count({ where: { id: created.id } })).toBe(0);
  });

  it("is for platform admins only; a template a workspace uses cannot be deleted", async () => {
    const { caller } = await workspaceAdmin();
    expect((await refusal(caller.platform.integrationTemplates.list())).code).toBe("FORBIDDEN");
    const template = await ghlTemplate();
    const { caller: wsCaller } = await workspaceAdmin();
    await wsCaller.integrations.connect({ templateId: template.id, values: { locationId: `loc-${randomUUID()}`, privateToken: "secret-token" } });
    const admin = await createAdmin();
    const { caller: adminCaller } = await signedInCaller({ kind: "admin", id: admin.id });
    expect((await refusal(adminCaller.platform.integrationTemplates.delete({ id: template.id }))).code).toBe("PRECONDITION_FAILED");
  });
});

describe("integrations (workspace admins)", () => {
  it("connects through the schema: values checked with Ajv, the token sealed and never returned, blank keeps it", async () => {
    const template = await ghlTemplate();
    const { ws, caller } = await workspaceAdmin();
    const missing = await refusal(caller.integrations.connect({ templateId: template.id, values: { locationId: ghl.locationId } }));
    expect(missing.message).toMatch(/privateToken: This field is required/);
    const badEnum = await refusal(caller.integrations.connect({ templateId: template.id, values: { locationId: ghl.locationId, privateToken: "x", fieldMapping: { email: "fax" } } }));
    expect(badEnum.message).toMatch(/fieldMapping.email: Choose one of the offered values/);
    const unknown = await refusal(caller.integrations.connect({ templateId: template.id, values: { locationId: ghl.locationId, privateToken: "x", color: "red" } }));
    expect(unknown.message).toMatch(/"color" is not a field/);

    const locationId = `loc-${randomUUID()}`;
    await caller.integrations.connect({ templateId: template.id, values: { locationId, privateToken: ghl.token, baseUrl: ghl.url, pushLeads: true } });
    const row = await unsafeDb.integration.findFirstOrThrow({ where: { subAccountId: ws.id } });
    expect(row.externalId).toBe(locationId);
    expect(JSON.stringify(row.config)).not.toContain(ghl.token);
    expect(row.encryptedCredentials).toMatch(/^v1\./);
    expect(row.encryptedCredentials).not.toContain(ghl.token);

    const [entry] = (await caller.integrations.list()).filter((e) => e.template.id === template.id);
    expect(JSON.stringify(entry)).not.toContain(ghl.token);
    expect(entry!.connection).toMatchObject({ secretsSet: { privateToken: true }, statusText: "Connected, not checked yet", values: { locationId, pushLeads: true } });

    // Saved again with the token left blank: the stored one is kept.
    await caller.integrations.connect({ templateId: template.id, values: { locationId, privateToken: "", baseUrl: ghl.url, calendarId: ghl.calendarId } });
    const again = await unsafeDb.integration.findFirstOrThrow({ where: { subAccountId: ws.id } });
    expect(again.encryptedCredentials).not.toBe(row.encryptedCredentials);
    expect((await caller.integrations.list()).find((e) => e.template.id === template.id)!.connection!.secretsSet.privateToken).toBe(true);
  });

  it("tests the connection against GoHighLevel, keeps the status in words, switches off and disconnects", async () => {
    const template = await ghlTemplate();
    const { ws, caller } = await workspaceAdmin();
    await caller.integrations.connect({ templateId: template.id, values: { locationId: ghl.locationId, privateToken: "wrong-token", baseUrl: ghl.url } });
    const { id } = await unsafeDb.integration.findFirstOrThrow({ where: { subAccountId: ws.id }, select: { id: true } });
    const refused = await caller.integrations.test({ id });
    expect(refused).toEqual({ ok: false, message: expect.stringMatching(/refused the Private Integration token/) });
    let entry = (await caller.integrations.list()).find((e) => e.template.id === template.id)!;
    expect(entry.connection).toMatchObject({ statusText: "Needs attention", problem: expect.stringMatching(/refused the Private Integration token/) });

    // The same location cannot be connected to two workspaces (webhooks find their workspace by it).
    const { caller: other } = await workspaceAdmin();
    const taken = await refusal(other.integrations.connect({ templateId: template.id, values: { locationId: ghl.locationId, privateToken: "t" } }));
    expect(taken.message).toMatch(/already connected to another workspace/);

    await caller.integrations.connect({ templateId: template.id, values: { locationId: ghl.locationId, privateToken: ghl.token, baseUrl: ghl.url } });
    expect(await caller.integrations.test({ id })).toEqual({ ok: true, message: "Connected to Test Location." });
    entry = (await caller.integrations.list()).find((e) => e.template.id === template.id)!;
    expect(entry.connection).toMatchObject({ statusText: "Working", problem: null });

    await caller.integrations.setEnabled({ id, enabled: false });
    entry = (await caller.integrations.list()).find((e) => e.template.id === template.id)!;
    expect(entry.connection).toMatchObject({ enabled: false, statusText: "Switched off" });

    await caller.integrations.disconnect({ id });
    expect(await unsafeDb.integration.count({ where: { id } })).toBe(0);
  });

  it("SSRF: an API address inside our network is refused when saved, in words beside the field, and nothing is stored", async () => {
    const template = await ghlTemplate();
    const { ws, caller } = await workspaceAdmin();
    const internalPort = new URL(internal.url).port;
    const refusedAddresses: [string, RegExp][] = [
      [`http://127.0.0.1:${internalPort}`, /^GoHighLevel requests cannot be sent to 127\.0\.0\.1: it resolves to a loopback address \(127\.0\.0\.1\)\.$/],
      ["https://127.0.0.1", /loopback address/],
      ["https://10.0.0.1", /^GoHighLevel requests cannot be sent to 10\.0\.0\.1: it resolves to a private network address/],
      ["http://169.254.169.254/latest/meta-data", /link-local address \(cloud metadata lives there\)/],
      ["https://[::1]:8443", /^GoHighLevel requests cannot be sent to ::1: it resolves to a loopback address \(::1\)\.$/],
      [`http://localhost:${internalPort}`, /^GoHighLevel requests cannot be sent to localhost: it resolves to a loopback address/],
      ["https://[::ffff:127.0.0.1]", /loopback address/],
      // A public address, but the token would travel unencrypted.
      ["http://93.184.216.34", /^The address must start with https:\/\/ \(the key or token would otherwise travel unencrypted\)\.$/],
    ];
    for (const [baseUrl, words] of refusedAddresses) {
      const refused = await refusal(caller.integrations.connect({ templateId: template.id, values: { locationId: `loc-${randomUUID()}`, privateToken: ghl.token, baseUrl } }));
      expect(refused.code, baseUrl).toBe("BAD_REQUEST");
      expect(refused.cause?.fieldErrors?.["values.baseUrl"]?.[0], baseUrl).toMatch(words);
    }
    expect(await unsafeDb.integration.count({ where: { subAccountId: ws.id } })).toBe(0);

    // Saved again with an unsafe address: refused, the stored settings kept as they were.
    const locationId = `loc-${randomUUID()}`;
    await caller.integrations.connect({ templateId: template.id, values: { locationId, privateToken: ghl.token, baseUrl: ghl.url } });
    const before = await unsafeDb.integration.findFirstOrThrow({ where: { subAccountId: ws.id } });
    await refusal(caller.integrations.connect({ templateId: template.id, values: { locationId, privateToken: "", baseUrl: "http://169.254.169.254" } }));
    expect(await unsafeDb.integration.findFirstOrThrow({ where: { subAccountId: ws.id } })).toEqual(before);
    // GoHighLevel's own address (the default) is accepted without a lookup at saving; it is checked at each request.
    await caller.integrations.connect({ templateId: template.id, values: { locationId, privateToken: "", baseUrl: "https://services.leadconnectorhq.com" } });
    await caller.integrations.connect({ templateId: template.id, values: { locationId, privateToken: "" } });
    expect(internal.requests).toEqual([]);
  });

  it("SSRF at request time: a stored API address inside our network is never called, and the test says why", async () => {
    const template = await ghlTemplate();
    const { ws, caller } = await workspaceAdmin();
    // The emulator serves one location: free it from an earlier test's workspace.
    await unsafeDb.integration.deleteMany({ where: { externalId: ghl.locationId } });
    await caller.integrations.connect({ templateId: template.id, values: { locationId: ghl.locationId, privateToken: ghl.token, baseUrl: ghl.url } });
    const row = await unsafeDb.integration.findFirstOrThrow({ where: { subAccountId: ws.id } });
    const internalPort = new URL(internal.url).port;
    // As if saved before the guard existed, or the name re-pointed since: written straight to the database.
    const cases: [string, RegExp][] = [
      [`http://127.0.0.1:${internalPort}`, /^GoHighLevel requests cannot be sent to 127\.0\.0\.1: it resolves to a loopback address \(127\.0\.0\.1\)\. Check the API address in the connection's settings\.$/],
      [`http://localhost:${internalPort}`, /^GoHighLevel requests cannot be sent to localhost: it resolves to a loopback address/],
      [`http://[::ffff:127.0.0.1]:${internalPort}`, /loopback address/],
      // https: refused by the connection itself (a name in its lookup, a literal before the socket opens).
      [`https://localhost:${internalPort}`, /^GoHighLevel requests cannot be sent to localhost: it resolves to a loopback address/],
      [`https://127.0.0.1:${internalPort}`, /^GoHighLevel requests cannot be sent to 127\.0\.0\.1: it resolves to a loopback address/],
      ["https://169.254.169.254", /link-local address/],
      [`http://93.184.216.34:${internalPort}`, /^The address must start with https:\/\//],
    ];
    for (const [baseUrl, words] of cases) {
      await unsafeDb.integration.update({ where: { id: row.id }, data: { config: { ...(row.config as object), baseUrl } } });
      const answer = await caller.integrations.test({ id: row.id });
      expect(answer, baseUrl).toEqual({ ok: false, message: expect.stringMatching(words) });
      const entry = (await caller.integrations.list()).find((e) => e.connection?.id === row.id)!;
      expect(entry.connection, baseUrl).toMatchObject({ statusText: "Needs attention", problem: answer.message });
    }
    // Neither the token nor any request reached the internal server.
    expect(internal.requests).toEqual([]);
    // Pointed back at the allow-listed emulator, the same connection works: the refusals above were the guard's.
    await unsafeDb.integration.update({ where: { id: row.id }, data: { config: { ...(row.config as object), baseUrl: ghl.url } } });
    expect(await caller.integrations.test({ id: row.id })).toEqual({ ok: true, message: "Connected to Test Location." });
  });

  it("is for workspace admins: a member is refused", async () => {
    const ws = await createWorkspace("Members");
    const member = await createUser({ subAccountId: ws.id, role: "user" });
    const { caller } = await signedInCaller({ kind: "user", id: member.id });
    expect((await refusal(caller.integrations.list())).code).toBe("FORBIDDEN");
  });
});

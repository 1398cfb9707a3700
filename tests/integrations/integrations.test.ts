import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { TRPCError } from "@trpc/server";
import { startGhlServer } from "../support/ghl-server";
import { createAdmin, createUser, createWorkspace, signedInCaller } from "../support/factories";
import { unsafeDb } from "@/server/db/client";
import { ghlTemplate } from "./helpers";

const ghl = await startGhlServer();
afterAll(() => ghl.close());

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

  it("is for workspace admins: a member is refused", async () => {
    const ws = await createWorkspace("Members");
    const member = await createUser({ subAccountId: ws.id, role: "user" });
    const { caller } = await signedInCaller({ kind: "user", id: member.id });
    expect((await refusal(caller.integrations.list())).code).toBe("FORBIDDEN");
  });
});

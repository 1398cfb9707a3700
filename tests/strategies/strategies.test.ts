import { describe, expect, it } from "vitest";
import { TRPCError } from "@trpc/server";
import { z, ZodError } from "zod";
import { AppError } from "@/server/errors";
import { unsafeDb } from "@/server/db/client";
import { createAdmin, createUser, createWorkspace, signedInCaller } from "../support/factories";

const codeOf = (e: unknown) => (e instanceof TRPCError ? e.code : String(e));
const failure = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error("expected the call to fail");
    },
    (e: unknown) => e as TRPCError,
  );
/** The field errors a form would show, whether zod or a service found the problem. */
const fieldErrorsOf = (e: TRPCError) =>
  e.cause instanceof ZodError ? z.flattenError(e.cause).fieldErrors : e.cause instanceof AppError ? e.cause.fieldErrors : undefined;

async function workspaceManager() {
  const ws = await createWorkspace("Strategies");
  const manager = await createUser({ subAccountId: ws.id, role: "manager" });
  const { caller } = await signedInCaller({ kind: "user", id: manager.id });
  return { ws, manager, caller };
}

async function platformAdmin() {
  const admin = await createAdmin();
  return (await signedInCaller({ kind: "admin", id: admin.id })).caller;
}

const template = (name: string, extra: Record<string, unknown> = {}) =>
  unsafeDb.promptTemplate.create({ data: { name, baseSystemPrompt: `You are ${name}.`, ...extra } });

describe("strategies", () => {
  it("creates version 1, and every edit writes the next immutable version with a full snapshot", async () => {
    const { caller } = await workspaceManager();
    const created = await caller.strategies.create({ name: "Solar", aiName: "Sunny", delayMin: 5, delayMax: 30 });
    expect(created.currentVersion).toBe(1);

    await caller.strategies.update({ id: created.id, conversationTone: "Warm" });
    const updated = await caller.strategies.update({ id: created.id, delayMax: 60, aiName: "Sol" });
    expect(updated.currentVersion).toBe(3);

    const { items } = await caller.strategies.versions({ id: created.id });
    expect(items.map((v) => v.version)).toEqual([3, 2, 1]);
    expect(items.filter((v) => v.isCurrent).map((v) => v.version)).toEqual([3]);
    const byVersion = new Map(items.map((v) => [v.version, v.snapshot as Record<string, unknown>]));
    expect(byVersion.get(1)).toMatchObject({ name: "Solar", aiName: "Sunny", conversationTone: null, delayMax: 30 });
    expect(byVersion.get(2)).toMatchObject({ aiName: "Sunny", conversationTone: "Warm", delayMax: 30 });
    expect(byVersion.get(3)).toMatchObject({ aiName: "Sol", conversationTone: "Warm", delayMax: 60, delayMin: 5 });
    expect(Object.keys(byVersion.get(3)!)).toEqual(expect.arrayContaining(["objectionHandling", "prohibitedBehaviors", "promptTemplateId"]));
  });

  it("concurrent edits get distinct consecutive versions", async () => {
    const { caller } = await workspaceManager();
    const s = await caller.strategies.create({ name: "Busy" });
    await Promise.all(Array.from({ length: 8 }, (_, i) => caller.strategies.update({ id: s.id, tag: `t${i}` })));
    const { items } = await caller.strategies.versions({ id: s.id });
    expect(items.map((v) => v.version).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect((await caller.strategies.get({ id: s.id })).currentVersion).toBe(9);
  });

  it("duplicate copies every field under 'name (Copy)' starting again at version 1", async () => {
    const { caller } = await workspaceManager();
    const s = await caller.strategies.create({ name: "Roofing", objectionHandling: "Listen first", delayMin: 1, delayMax: 2 });
    await caller.strategies.update({ id: s.id, closingStrategy: "Ask for the booking" });
    const copy = await caller.strategies.duplicate({ id: s.id });
    expect(copy).toMatchObject({ name: "Roofing (Copy)", objectionHandling: "Listen first", closingStrategy: "Ask for the booking", currentVersion: 1 });
    expect(copy.id).not.toBe(s.id);
    const { items } = await caller.strategies.versions({ id: copy.id });
    expect(items.map((v) => v.version)).toEqual([1]);
  });

  it("delayMin > delayMax is a field error on delayMax and nothing is written", async () => {
    const { ws, caller } = await workspaceManager();
    const onCreate = await failure(caller.strategies.create({ name: "Bad", delayMin: 50, delayMax: 10 }));
    expect(codeOf(onCreate)).toBe("BAD_REQUEST");
    expect(fieldErrorsOf(onCreate)).toHaveProperty("delayMax");
    expect(await unsafeDb.strategy.count({ where: { subAccountId: ws.id } })).toBe(0);

    const s = await caller.strategies.create({ name: "Good", delayMin: 10, delayMax: 20 });
    // Only the minimum changes, past the stored maximum: checked against the stored value.
    const onUpdate = await failure(caller.strategies.update({ id: s.id, delayMin: 30 }));
    expect(codeOf(onUpdate)).toBe("BAD_REQUEST");
    expect(fieldErrorsOf(onUpdate)).toHaveProperty("delayMax");
    const stored = await unsafeDb.strategy.findUniqueOrThrow({ where: { id: s.id } });
    expect(stored).toMatchObject({ delayMin: 10, currentVersion: 1 });
    expect(await unsafeDb.strategyVersion.count({ where: { strategyId: s.id } })).toBe(1);

    expect(codeOf(await failure(caller.strategies.create({ name: "Too slow", delayMax: 86_401 })))).toBe("BAD_REQUEST");
  });

  it("list filters by active flag and search; activate/deactivate flip it", async () => {
    const { caller } = await workspaceManager();
    const a = await caller.strategies.create({ name: "Alpha dental" });
    const b = await caller.strategies.create({ name: "Beta legal" });
    await caller.strategies.deactivate({ id: b.id });
    expect((await caller.strategies.list({ isActive: true })).items.map((s) => s.id)).toEqual([a.id]);
    expect((await caller.strategies.list({ search: "legal" })).items.map((s) => s.id)).toEqual([b.id]);
    await caller.strategies.activate({ id: b.id });
    const page1 = await caller.strategies.list({ limit: 1 });
    expect(page1.items.map((s) => s.id)).toEqual([b.id]);
    const page2 = await caller.strategies.list({ limit: 1, cursor: page1.nextCursor });
    expect(page2.items.map((s) => s.id)).toEqual([a.id]);
    expect(page2.nextCursor).toBeNull();
  });

  it("delete detaches the strategy's leads (strategyId null) and says how many", async () => {
    const { ws, caller } = await workspaceManager();
    const s = await caller.strategies.create({ name: "Going away" });
    const lead = await unsafeDb.lead.create({ data: { subAccountId: ws.id, name: "Kept", strategyId: s.id } });
    expect(await caller.strategies.delete({ id: s.id })).toEqual({ id: s.id, leadsDetached: 1 });
    expect(await unsafeDb.lead.findUniqueOrThrow({ where: { id: lead.id } })).toMatchObject({ strategyId: null, subAccountId: ws.id });
    expect(await unsafeDb.strategyVersion.count({ where: { strategyId: s.id } })).toBe(0);
  });

  it("a plain user reads strategies but cannot change them", async () => {
    const { ws, caller } = await workspaceManager();
    const s = await caller.strategies.create({ name: "Read only" });
    const user = await createUser({ subAccountId: ws.id, role: "user" });
    const { caller: userCaller } = await signedInCaller({ kind: "user", id: user.id });
    expect((await userCaller.strategies.get({ id: s.id })).name).toBe("Read only");
    expect(codeOf(await failure(userCaller.strategies.update({ id: s.id, name: "x" })))).toBe("FORBIDDEN");
  });
});

describe("prompt templates", () => {
  it("effectivePromptTemplate: the strategy's own, else the workspace's active one, else the platform default", async () => {
    const { ws, caller } = await workspaceManager();
    const own = await template("Own");
    const active = await template("Active");
    const unknown = await failure(caller.strategies.create({ name: "x", promptTemplateId: 2_000_000_000 }));
    expect(fieldErrorsOf(unknown)).toHaveProperty("promptTemplateId");

    const withOwn = await caller.strategies.create({ name: "With own", promptTemplateId: own.id });
    const without = await caller.strategies.create({ name: "Without" });
    expect((await caller.strategies.get({ id: withOwn.id })).effectivePromptTemplate).toMatchObject({ id: own.id, source: "strategy" });

    await unsafeDb.subAccount.update({ where: { id: ws.id }, data: { activePromptTemplateId: active.id } });
    expect((await caller.strategies.get({ id: without.id })).effectivePromptTemplate).toMatchObject({ id: active.id, source: "workspace" });

    await unsafeDb.subAccount.update({ where: { id: ws.id }, data: { activePromptTemplateId: null } });
    const fallback = (await caller.strategies.get({ id: without.id })).effectivePromptTemplate;
    // Other test files may also mark defaults; whichever is the platform default, it is reported as such.
    if (fallback) expect(fallback.source).toBe("platformDefault");
  });

  it("20 concurrent activations of different templates leave exactly one of them active and nothing else changed", async () => {
    const admin = await platformAdmin();
    const ws = await createWorkspace("Concurrent");
    const bystander = await createWorkspace("Bystander");
    const templates = await Promise.all(Array.from({ length: 20 }, (_, i) => template(`Concurrent ${i}`)));
    const before = await unsafeDb.subAccount.findUniqueOrThrow({ where: { id: ws.id } });

    const results = await Promise.all(templates.map((t) => admin.promptTemplates.activate({ templateId: t.id, subAccountId: ws.id })));
    expect(results).toHaveLength(20);

    const after = await unsafeDb.subAccount.findUniqueOrThrow({ where: { id: ws.id } });
    expect(templates.map((t) => t.id)).toContain(after.activePromptTemplateId);
    const unchanged = (row: typeof before) => ({ ...row, activePromptTemplateId: null, updatedAt: null });
    expect(unchanged(after)).toEqual(unchanged(before));
    expect((await unsafeDb.subAccount.findUniqueOrThrow({ where: { id: bystander.id } })).activePromptTemplateId).toBeNull();
    expect(await unsafeDb.subAccount.count({ where: { activePromptTemplateId: { in: templates.map((t) => t.id) } } })).toBe(1);
  });

  it("a workspace admin switches their own active template; a plain member cannot", async () => {
    const ws = await createWorkspace("Own template");
    const wsAdmin = await createUser({ subAccountId: ws.id, role: "admin" });
    const member = await createUser({ subAccountId: ws.id, role: "user" });
    const t = await template("Workspace pick");
    const { caller } = await signedInCaller({ kind: "user", id: wsAdmin.id });
    const { caller: memberCaller } = await signedInCaller({ kind: "user", id: member.id });
    expect(await caller.workspaceTemplate.activate({ templateId: t.id })).toEqual({ subAccountId: ws.id, activePromptTemplateId: t.id });
    expect((await memberCaller.workspaceTemplate.active()).active?.id).toBe(t.id);
    expect((await memberCaller.workspaceTemplate.get({ id: t.id })).baseSystemPrompt).toBe("You are Workspace pick.");
    expect(codeOf(await failure(memberCaller.workspaceTemplate.activate({ templateId: null })))).toBe("FORBIDDEN");
    expect(codeOf(await failure(memberCaller.promptTemplates.list({})))).toBe("FORBIDDEN");
  });

  it("deleting a template in use is refused, naming how many strategies and workspaces use it", async () => {
    const admin = await platformAdmin();
    const { ws, caller } = await workspaceManager();
    const t = await admin.promptTemplates.create({ name: "Used", baseSystemPrompt: "Hello", tags: ["sales"] });
    expect(t.temperature).toBe(0.7);
    const s1 = await caller.strategies.create({ name: "One", promptTemplateId: t.id });
    await caller.strategies.create({ name: "Two", promptTemplateId: t.id });
    await admin.promptTemplates.activate({ templateId: t.id, subAccountId: ws.id });

    const refused = await failure(admin.promptTemplates.delete({ id: t.id }));
    expect(codeOf(refused)).toBe("PRECONDITION_FAILED");
    expect(refused.message).toContain("2 strategies use it");
    expect(refused.message).toContain("1 workspace has it active");

    await admin.promptTemplates.activate({ templateId: null, subAccountId: ws.id });
    await caller.strategies.delete({ id: s1.id });
    const stillOne = await failure(admin.promptTemplates.delete({ id: t.id }));
    expect(stillOne.message).toContain("1 strategy uses it");
    expect(await unsafeDb.promptTemplate.count({ where: { id: t.id } })).toBe(1);
  });

  it("validates temperature and keeps a single platform default", async () => {
    const admin = await platformAdmin();
    const bad = await failure(admin.promptTemplates.create({ name: "Hot", baseSystemPrompt: "x", temperature: 2.5 }));
    expect(fieldErrorsOf(bad)).toHaveProperty("temperature");
    const first = await admin.promptTemplates.create({ name: "Default 1", baseSystemPrompt: "x", isDefault: true });
    const second = await admin.promptTemplates.create({ name: "Default 2", baseSystemPrompt: "x", isDefault: true });
    expect((await admin.promptTemplates.get({ id: first.id })).isDefault).toBe(false);
    expect((await admin.promptTemplates.get({ id: second.id })).isDefault).toBe(true);
    const updated = await admin.promptTemplates.update({ id: first.id, temperature: 1.2, maxTokens: 800 });
    expect(updated).toMatchObject({ temperature: 1.2, maxTokens: 800 });
    await admin.promptTemplates.delete({ id: first.id });
    expect(codeOf(await failure(admin.promptTemplates.get({ id: first.id })))).toBe("NOT_FOUND");
  });
});

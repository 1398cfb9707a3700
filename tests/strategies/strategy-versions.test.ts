import { describe, expect, it } from "vitest";
import { unsafeDb } from "@/server/db/client";
import { rejectionOf } from "../bookings/world";
import { createUser, createWorkspace, signedInCaller } from "../support/factories";

async function manager() {
  const ws = await createWorkspace("Versions");
  const user = await createUser({ subAccountId: ws.id, role: "manager" });
  return { ws, caller: (await signedInCaller({ kind: "user", id: user.id })).caller };
}

describe("strategies.restoreVersion", () => {
  it("saves an earlier version's fields as the next version; the history is kept", async () => {
    const { ws, caller } = await manager();
    const created = await caller.strategies.create({ name: "Front desk", aiName: "Ava", closingStrategy: "Offer two times.", delayMin: 1, delayMax: 5 });
    await caller.strategies.update({ id: created.id, aiName: "Bea", closingStrategy: "Offer three times.", delayMax: 9 });
    await caller.strategies.update({ id: created.id, description: "Changed again" });

    const restored = await caller.strategies.restoreVersion({ id: created.id, version: 1 });
    expect(restored).toEqual({ id: created.id, currentVersion: 4, restoredVersion: 1, templateDropped: false });
    const now = await caller.strategies.get({ id: created.id });
    expect(now).toMatchObject({ aiName: "Ava", closingStrategy: "Offer two times.", description: null, delayMin: 1, delayMax: 5, currentVersion: 4 });
    const versions = await caller.strategies.versions({ id: created.id });
    expect(versions.items.map((v) => [v.version, v.isCurrent])).toEqual([
      [4, true],
      [3, false],
      [2, false],
      [1, false],
    ]);
    expect(versions.items[0]!.snapshot).toEqual(versions.items[3]!.snapshot);
    const audit = await unsafeDb.auditLog.findFirstOrThrow({ where: { subAccountId: ws.id, action: "strategy.version_restored" } });
    expect(audit.changes).toEqual({ restoredVersion: 1, newVersion: 4 });
  });

  it("refuses the current version and versions that do not exist; a template gone from the catalogue becomes the default", async () => {
    const { caller } = await manager();
    const template = await unsafeDb.promptTemplate.create({ data: { name: "Short-lived", baseSystemPrompt: "You help." } });
    const created = await caller.strategies.create({ name: "With template", promptTemplateId: template.id });
    await caller.strategies.update({ id: created.id, promptTemplateId: null });
    expect((await rejectionOf(caller.strategies.restoreVersion({ id: created.id, version: 2 }))).fieldErrors.version).toEqual(["This version is already the current one."]);
    expect((await rejectionOf(caller.strategies.restoreVersion({ id: created.id, version: 7 }))).code).toBe("NOT_FOUND");

    await unsafeDb.promptTemplate.delete({ where: { id: template.id } });
    expect(await caller.strategies.restoreVersion({ id: created.id, version: 1 })).toMatchObject({ currentVersion: 3, templateDropped: true });
    expect((await caller.strategies.get({ id: created.id })).promptTemplateId).toBeNull();
  });

  it("is for managers and admins", async () => {
    const { ws, caller } = await manager();
    const created = await caller.strategies.create({ name: "S" });
    await caller.strategies.update({ id: created.id, name: "S2" });
    const member = await createUser({ subAccountId: ws.id, role: "user" });
    const memberCaller = (await signedInCaller({ kind: "user", id: member.id })).caller;
    expect((await rejectionOf(memberCaller.strategies.restoreVersion({ id: created.id, version: 1 }))).code).toBe("FORBIDDEN");
  });
});

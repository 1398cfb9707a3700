import { describe, expect, it } from "vitest";
import { TRPCError } from "@trpc/server";
import { unsafeDb } from "@/server/db/client";
import { recordFailure } from "@/server/auth/lockout";
import { anonymousCaller, createAdmin, createUser, createWorkspace, signedInCaller, uniqueEmail, uniqueIp } from "../support/factories";

const codeOf = (e: unknown) => (e instanceof TRPCError ? e.code : String(e));
const refusal = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => e as TRPCError);

async function workspaceWithAdmin() {
  const ws = await createWorkspace();
  const admin = await createUser({ subAccountId: ws.id, role: "admin" });
  const { caller } = await signedInCaller({ kind: "user", id: admin.id });
  return { ws, admin, caller };
}

async function onboardingCaller() {
  const user = await createUser({ subAccountId: 1 });
  return { user, ...(await signedInCaller({ kind: "user", id: user.id })) };
}

describe("onboarding", () => {
  it("creating a workspace makes its creator the admin and opens the workspace procedures", async () => {
    const { user, caller } = await onboardingCaller();
    const ws = await caller.onboarding.createWorkspace({ name: "Brightside Plumbing", settings: { timezone: "America/Chicago" } });
    expect((await unsafeDb.user.findUniqueOrThrow({ where: { id: user.id } })).role).toBe("admin");
    const current = await caller.workspace.current();
    expect(current).toMatchObject({ id: ws.id, name: "Brightside Plumbing", settings: { timezone: "America/Chicago" } });
    await expect(caller.onboarding.createWorkspace({ name: "Second" })).rejects.toThrow(/not joined a workspace yet/);
  });

  it("20 concurrent joins on an invitation with 5 uses: exactly 5 succeed", async () => {
    const { caller: admin, ws } = await workspaceWithAdmin();
    const invitation = await admin.invitations.create({ maxUses: 5 });
    const joiners = await Promise.all(Array.from({ length: 20 }, () => onboardingCaller()));
    const results = await Promise.allSettled(joiners.map(({ caller }) => caller.onboarding.joinWorkspace({ code: invitation.code })));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(5);
    for (const r of results) if (r.status === "rejected") expect(String(r.reason.message)).toMatch(/maximum number of times|no longer/);
    expect((await unsafeDb.invitation.findUniqueOrThrow({ where: { id: invitation.id } })).uses).toBe(5);
    expect(await unsafeDb.user.count({ where: { subAccountId: ws.id } })).toBe(6);
  });

  it("a wrong, expired, exhausted or deactivated code, or a wrong password: a clear error and the use count unchanged", async () => {
    const { caller: admin } = await workspaceWithAdmin();
    const withPassword = await admin.invitations.create({ password: "open-sesame", maxUses: 3 });
    const { caller } = await onboardingCaller();

    const wrongPassword = await refusal(caller.onboarding.joinWorkspace({ code: withPassword.code, password: "nope" }));
    expect(wrongPassword?.message).toMatch(/invitation password is incorrect/);
    const noPassword = await refusal(caller.onboarding.joinWorkspace({ code: withPassword.code }));
    expect(noPassword?.message).toMatch(/needs its password/);
    const unknown = await refusal(caller.onboarding.joinWorkspace({ code: "ZZZZZZZZ" }));
    expect(unknown?.message).toMatch(/No invitation matches/);
    const malformed = await refusal(caller.onboarding.joinWorkspace({ code: "0OIL" }));
    expect(codeOf(malformed)).toBe("BAD_REQUEST");

    await unsafeDb.invitation.update({ where: { id: withPassword.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await refusal(caller.onboarding.joinWorkspace({ code: withPassword.code, password: "open-sesame" })))?.message).toMatch(/expired/);
    await unsafeDb.invitation.update({ where: { id: withPassword.id }, data: { expiresAt: null, uses: 3 } });
    expect((await refusal(caller.onboarding.joinWorkspace({ code: withPassword.code, password: "open-sesame" })))?.message).toMatch(/maximum number/);
    await unsafeDb.invitation.update({ where: { id: withPassword.id }, data: { uses: 0 } });
    await admin.invitations.deactivate({ id: withPassword.id });
    expect((await refusal(caller.onboarding.joinWorkspace({ code: withPassword.code, password: "open-sesame" })))?.message).toMatch(/deactivated/);
    expect((await unsafeDb.invitation.findUniqueOrThrow({ where: { id: withPassword.id } })).uses).toBe(0);
  });

  it("validating a code tells the workspace name and terms, and nothing more", async () => {
    const { caller: admin, ws } = await workspaceWithAdmin();
    const inv = await admin.invitations.create({ password: "pw-1234", maxUses: 4 });
    const answer = await (await anonymousCaller()).onboarding.validateInvitation({ code: inv.code.toLowerCase() });
    expect(answer).toEqual({ workspaceName: ws.name, requiresPassword: true, usesLeft: 4, expiresAt: null });
  });
});

describe("people and roles", () => {
  it("privilege escalation through the profile changes nothing but the profile", async () => {
    const { ws } = await workspaceWithAdmin();
    const member = await createUser({ subAccountId: ws.id, role: "user" });
    const { caller } = await signedInCaller({ kind: "user", id: member.id });
    const other = await createWorkspace();
    await caller.auth.updateProfile({
      name: "Mallory",
      timezone: "UTC",
      ...({ role: "admin", subAccountId: other.id, isActive: true, passwordHash: "x", mustChangePassword: false } as object),
    } as never);
    const row = await unsafeDb.user.findUniqueOrThrow({ where: { id: member.id } });
    expect(row).toMatchObject({ name: "Mallory", role: "user", subAccountId: ws.id, passwordHash: member.passwordHash });
  });

  it("privilege escalation through user edits is refused", async () => {
    const { ws, admin, caller: adminCaller } = await workspaceWithAdmin();
    const member = await createUser({ subAccountId: ws.id, role: "user" });
    const manager = await createUser({ subAccountId: ws.id, role: "manager" });
    const { caller: memberCaller } = await signedInCaller({ kind: "user", id: member.id });
    const { caller: managerCaller } = await signedInCaller({ kind: "user", id: manager.id });

    expect(codeOf(await refusal(memberCaller.users.updateRole({ id: member.id, role: "admin" })))).toBe("FORBIDDEN");
    expect(codeOf(await refusal(managerCaller.users.updateRole({ id: manager.id, role: "admin" })))).toBe("FORBIDDEN");
    expect(codeOf(await refusal(managerCaller.users.create({ name: "x", email: uniqueEmail(), role: "admin" })))).toBe("FORBIDDEN");
    expect(codeOf(await refusal(managerCaller.platform.overview()))).toBe("FORBIDDEN");
    // An admin cannot edit themselves either (no self-demotion lock-out, no self-reactivation).
    expect((await refusal(adminCaller.users.updateRole({ id: admin.id, role: "user" })))?.message).toMatch(/cannot change the role of yourself/);
    expect(codeOf(await refusal(adminCaller.users.setActive({ id: admin.id, isActive: false })))).toBe("FORBIDDEN");
    expect((await unsafeDb.user.findUniqueOrThrow({ where: { id: manager.id } })).role).toBe("manager");
  });

  it("an admin adds a member with a temporary password that must be changed at first sign-in", async () => {
    const { caller } = await workspaceWithAdmin();
    const email = uniqueEmail("new");
    const { user, temporaryPassword } = await caller.users.create({ name: "Nora", email, role: "manager" });
    expect(temporaryPassword.length).toBeGreaterThanOrEqual(12);
    expect(user).not.toHaveProperty("passwordHash");
    const { caller: nora } = await signedInCaller({ kind: "user", id: user.id });
    expect(codeOf(await refusal(nora.workspace.current()))).toBe("FORBIDDEN");
    await nora.auth.changePassword({ currentPassword: temporaryPassword, newPassword: "Noras-own-password-1" });
    expect((await unsafeDb.user.findUniqueOrThrow({ where: { id: user.id } })).mustChangePassword).toBe(false);
    expect(codeOf(await refusal(caller.users.create({ name: "Dup", email, role: "user" })))).toBe("BAD_REQUEST");
  });

  it("a deactivated user's next request is refused, and the audit log records it", async () => {
    const { ws, caller: admin } = await workspaceWithAdmin();
    const member = await createUser({ subAccountId: ws.id });
    const { caller } = await signedInCaller({ kind: "user", id: member.id });
    await caller.workspace.current();
    await admin.users.setActive({ id: member.id, isActive: false });
    expect(codeOf(await refusal(caller.workspace.current()))).toBe("UNAUTHORIZED");
    await admin.users.updateRole({ id: member.id, role: "manager" });
    const log = await admin.audit.list({ limit: 50 });
    expect(log.items.map((i) => i.action)).toEqual(expect.arrayContaining(["user.deactivated", "user.role_changed"]));
    expect(log.items.find((i) => i.action === "user.role_changed")?.changes).toEqual({ from: "user", to: "manager" });
  });

  it("the last admin cannot be demoted, and a member with bookings is deactivated rather than removed", async () => {
    const { ws, admin, caller } = await workspaceWithAdmin();
    const second = await createUser({ subAccountId: ws.id, role: "admin" });
    const { caller: secondCaller } = await signedInCaller({ kind: "user", id: second.id });
    await caller.users.updateRole({ id: second.id, role: "user" });
    expect(codeOf(await refusal(secondCaller.users.updateRole({ id: admin.id, role: "user" })))).toBe("FORBIDDEN");
    const busy = await createUser({ subAccountId: ws.id });
    await unsafeDb.booking.create({
      data: { subAccountId: ws.id, userId: busy.id, startsAt: new Date(), endsAt: new Date(Date.now() + 60_000), timezone: "UTC" },
    });
    expect((await refusal(caller.users.remove({ id: busy.id })))?.message).toMatch(/has 1 booking/);
    const idle = await createUser({ subAccountId: ws.id });
    await caller.users.remove({ id: idle.id });
    expect(await unsafeDb.user.findUnique({ where: { id: idle.id } })).toBeNull();
  });

  it("a search for LIKE wildcards matches only those characters", async () => {
    const { ws, caller } = await workspaceWithAdmin();
    await createUser({ subAccountId: ws.id, email: uniqueEmail("percent%sign") });
    expect((await caller.users.list({ search: "%", limit: 25 })).items.map((u) => u.email)).toEqual([expect.stringContaining("percent%sign")]);
    expect((await caller.users.list({ search: "_", limit: 25 })).items).toEqual([]);
  });

  it("booking settings are the member's own, validated", async () => {
    const { caller } = await workspaceWithAdmin();
    expect((await caller.users.myBookingSettings()).slotMinutes).toBe(30);
    await caller.users.updateMyBookingSettings({ slotMinutes: 45, bufferBeforeMin: 5, bufferAfterMin: 10, minNoticeMinutes: 120, maxPerDay: 4 });
    expect(await caller.users.myBookingSettings()).toEqual({ slotMinutes: 45, bufferBeforeMin: 5, bufferAfterMin: 10, minNoticeMinutes: 120, maxPerDay: 4 });
    expect(codeOf(await refusal(caller.users.updateMyBookingSettings({ slotMinutes: 1, bufferBeforeMin: 0, bufferAfterMin: 0, minNoticeMinutes: 0, maxPerDay: null })))).toBe("BAD_REQUEST");
  });
});

describe("API keys", () => {
  it("are shown once, stored hashed with a visible prefix, used via X-API-Key, and revocable", async () => {
    const { ws, caller } = await workspaceWithAdmin();
    const { key, apiKey } = await caller.apiKeys.create({ name: "Zapier", scopes: ["leads:read", "leads:read", "bookings:write"] });
    expect(key.startsWith(`${apiKey.prefix}_`)).toBe(true);
    expect(apiKey.scopes).toEqual(["leads:read", "bookings:write"]);
    const stored = await unsafeDb.apiKey.findUniqueOrThrow({ where: { id: apiKey.id } });
    expect(stored.keyHash).not.toContain(key);
    expect(JSON.stringify(await caller.apiKeys.list())).not.toContain(key.slice(12));

    const external = await anonymousCaller({ "x-api-key": key });
    expect((await external.external.whoami()).workspace.id).toBe(ws.id);
    expect((await unsafeDb.apiKey.findUniqueOrThrow({ where: { id: apiKey.id } })).lastUsedAt).not.toBeNull();
    await caller.apiKeys.revoke({ id: apiKey.id });
    const refused = await refusal(external.external.whoami());
    expect(codeOf(refused)).toBe("UNAUTHORIZED");
    expect(refused?.message).toBe("A valid API key is required.");
    const actions = (await caller.audit.list({ limit: 10, action: "api_key" })).items.map((i) => i.action);
    expect(actions).toEqual(["api_key.revoked", "api_key.created"]);
  });
});

describe("platform administration", () => {
  it("lists workspaces with counts, deactivates one (its members are refused) and deletes it with its data, keeping the audit trail", async () => {
    const admin = await createAdmin();
    const { caller } = await signedInCaller({ kind: "admin", id: admin.id });
    const { ws, caller: member } = await workspaceWithAdmin();
    await unsafeDb.lead.create({ data: { subAccountId: ws.id, name: "Lead" } });

    const listed = await caller.platform.workspaces.list({ search: ws.slug, limit: 10 });
    expect(listed.items[0]).toMatchObject({ id: ws.id, counts: { users: 1, leads: 1, bookings: 0 } });

    await caller.platform.workspaces.update({ id: ws.id, isActive: false });
    expect((await refusal(member.workspace.current()))?.message).toMatch(/deactivated/);
    await caller.platform.workspaces.update({ id: ws.id, isActive: true });
    await member.workspace.current();

    expect((await refusal(caller.platform.workspaces.delete({ id: ws.id, confirmName: "wrong" })))?.message).toMatch(/Type the workspace name/);
    expect(await unsafeDb.subAccount.findUnique({ where: { id: ws.id } })).not.toBeNull();
    await caller.platform.workspaces.delete({ id: ws.id, confirmName: ws.name });
    expect(await unsafeDb.subAccount.findUnique({ where: { id: ws.id } })).toBeNull();
    expect(await unsafeDb.lead.count({ where: { subAccountId: ws.id } })).toBe(0);
    expect(await unsafeDb.user.count({ where: { subAccountId: ws.id } })).toBe(0);
    const trail = await caller.platform.audit.list({ subAccountId: ws.id, limit: 20 });
    expect(trail.items[0]).toMatchObject({ action: "workspace.deleted", actor: { email: admin.email }, workspace: { id: ws.id, name: "(deleted)" } });
    expect(codeOf(await refusal(caller.platform.workspaces.delete({ id: 1, confirmName: "Onboarding" })))).toBe("NOT_FOUND");
  });

  it("acting in a workspace is recorded with the admin as actor, in that workspace's log", async () => {
    const admin = await createAdmin();
    const { caller } = await signedInCaller({ kind: "admin", id: admin.id });
    const { ws, caller: wsAdmin } = await workspaceWithAdmin();
    await caller.platform.actInWorkspace({ subAccountId: ws.id });
    const inv = await caller.invitations.create({ maxUses: 1 });
    const log = await wsAdmin.audit.list({ limit: 20 });
    const created = log.items.find((i) => i.action === "invitation.created");
    expect(created).toMatchObject({ actingAs: true, actorKind: "admin", actor: { email: admin.email }, targetId: String(inv.id) });
    expect(log.items.some((i) => i.action === "acting_as.invitations.create" && i.actingAs)).toBe(true);
  });

  it("super admins manage admins and registration codes; plain admins cannot", async () => {
    const superAdmin = await createAdmin({ role: "super_admin" });
    const plain = await createAdmin();
    const { caller } = await signedInCaller({ kind: "admin", id: superAdmin.id });
    const { caller: plainCaller } = await signedInCaller({ kind: "admin", id: plain.id });
    expect(codeOf(await refusal(plainCaller.platform.admins.list()))).toBe("FORBIDDEN");
    expect(codeOf(await refusal(plainCaller.platform.authCodes.issue({})))).toBe("FORBIDDEN");

    const { admin: created, temporaryPassword } = await caller.platform.admins.create({ name: "Ada", email: uniqueEmail("ada"), role: "admin" });
    expect(temporaryPassword.length).toBeGreaterThanOrEqual(12);
    expect((await unsafeDb.platformAdmin.findUniqueOrThrow({ where: { id: created.id } })).mustChangePassword).toBe(true);
    expect((await refusal(caller.platform.admins.setActive({ id: superAdmin.id, isActive: false })))?.message).toMatch(/yourself/);
    await caller.platform.admins.setActive({ id: created.id, isActive: false });

    const { code, authCode } = await caller.platform.authCodes.issue({ label: "for Bea", expiresInHours: 1 });
    expect(JSON.stringify(await caller.platform.authCodes.list())).not.toContain(code);
    const anon = await anonymousCaller();
    const bea = await anon.auth.registerAdmin({ name: "Bea", email: uniqueEmail("bea"), password: "twelve-chars-ok", authCode: code });
    expect(bea.role).toBe("admin");
    expect(codeOf(await refusal(anon.auth.registerAdmin({ name: "Cy", email: uniqueEmail("cy"), password: "twelve-chars-ok", authCode: code })))).toBe("FORBIDDEN");
    expect(codeOf(await refusal(caller.platform.authCodes.revoke({ id: authCode.id })))).toBe("NOT_FOUND"); // already used
  });

  it("shows the last sign-in attempts of an email and unlocks it", async () => {
    const superAdmin = await createAdmin({ role: "super_admin" });
    const { caller } = await signedInCaller({ kind: "admin", id: superAdmin.id });
    const email = uniqueEmail("locked");
    const ip = uniqueIp();
    for (let i = 0; i < 5; i++) await recordFailure("account", `user:${email}`);
    for (let i = 0; i < 5; i++) await recordFailure("ip", ip);
    await unsafeDb.loginAttempt.createMany({ data: Array.from({ length: 55 }, () => ({ accountKind: "user" as const, email, ip, success: false, reason: "wrong_password" })) });
    const seen = await caller.platform.security.signInAttempts({ email });
    expect(seen.attempts).toHaveLength(50);
    expect(seen.lockouts.map((l) => [l.subjectType, l.subject, l.lockedUntil !== null])).toEqual([
      ["account", `user:${email}`, true],
      ["ip", ip, true],
    ]);
    expect(await caller.platform.security.unlock({ email, accountKind: "user", ip })).toEqual({ cleared: 2 });
    expect((await caller.platform.security.signInAttempts({ email })).lockouts).toEqual([]);
  });
});

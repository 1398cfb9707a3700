import { describe, expect, it } from "vitest";
import { randomBytes } from "node:crypto";
import { TRPCError } from "@trpc/server";
import { unsafeDb } from "@/server/db/client";
import { hashApiKey } from "@/server/services/api-keys/authenticate-api-key";
import { anonymousCaller, createAdmin, createUser, createWorkspace, signedInCaller, uniqueEmail } from "../support/factories";

const codeOf = (e: unknown) => (e instanceof TRPCError ? e.code : String(e));
const expectCode = async (p: Promise<unknown>, code: string) => expect(await p.then(() => "resolved", codeOf)).toBe(code);

async function apiKeyFor(subAccountId: number, scopes: string[], opts: { revoked?: boolean } = {}) {
  const prefix = randomBytes(4).toString("hex");
  const key = `lk_${prefix}_${randomBytes(32).toString("base64url")}`;
  await unsafeDb.apiKey.create({
    data: { subAccountId, name: "test", prefix, keyHash: hashApiKey(key), scopes, revokedAt: opts.revoked ? new Date() : null },
  });
  return key;
}

describe("procedure kinds", () => {
  it("onboarding gate: a user in workspace 1 reaches only procedures allowed during onboarding", async () => {
    const user = await createUser({ subAccountId: 1 });
    const { caller } = await signedInCaller({ kind: "user", id: user.id });
    const me = await caller.auth.me();
    expect(me.onboarding).toBe(true);
    await caller.auth.updateProfile({ name: "New Name", company: "Acme", timezone: "America/Argentina/Buenos_Aires" });
    expect(await caller.auth.me()).toMatchObject({ name: "New Name", company: "Acme", timezone: "America/Argentina/Buenos_Aires" });
    await expect(caller.auth.updateProfile({ name: "X", timezone: "Mars/Olympus" })).rejects.toThrow();
    await expectCode(caller.workspace.current(), "FORBIDDEN");
  });

  it("account kind: a workspace admin is never a platform admin", async () => {
    const ws = await createWorkspace();
    const wsAdmin = await createUser({ subAccountId: ws.id, role: "admin" });
    const { caller } = await signedInCaller({ kind: "user", id: wsAdmin.id });
    await expectCode(caller.platform.overview(), "FORBIDDEN");
    await expectCode(caller.platform.actInWorkspace({ subAccountId: ws.id }), "FORBIDDEN");
  });

  it("a platform admin has no workspace until they choose one, and every mutation while acting is audited", async () => {
    const ws = await createWorkspace();
    const admin = await createAdmin();
    const { caller } = await signedInCaller({ kind: "admin", id: admin.id });
    expect((await caller.platform.overview()).workspaces).toBeGreaterThan(0);
    await expectCode(caller.workspace.current(), "FORBIDDEN");
    await caller.platform.actInWorkspace({ subAccountId: ws.id });
    expect((await caller.workspace.current()).id).toBe(ws.id);
    const audit = await unsafeDb.auditLog.findMany({ where: { subAccountId: ws.id, actorAdminId: admin.id } });
    expect(audit.map((a) => a.action)).toContain("acting_as.enter");
    expect(audit.every((a) => a.actingAs)).toBe(true);
  });

  it("unauthenticated callers get UNAUTHORIZED", async () => {
    const caller = await anonymousCaller();
    await expectCode(caller.auth.me(), "UNAUTHORIZED");
    await expectCode(caller.workspace.current(), "UNAUTHORIZED");
    await expectCode(caller.platform.overview(), "UNAUTHORIZED");
  });

  it("register: new users land unverified in workspace 1, bad input gets field errors, an existing email gets the same answer", async () => {
    const caller = await anonymousCaller();
    const email = uniqueEmail("new");
    const first = await caller.auth.register({ name: "Nina", email: email.toUpperCase(), password: "long-enough-1" });
    const row = await unsafeDb.user.findUniqueOrThrow({ where: { email } });
    expect(row.subAccountId).toBe(1);
    expect(row.emailVerifiedAt).toBeNull();
    expect(row.passwordHash).not.toContain("long-enough-1");
    expect(await caller.auth.register({ name: "Nina", email, password: "long-enough-1" })).toEqual(first);
    const err = await caller.auth.register({ name: "", email: "nope", password: "short" }).catch((e: TRPCError) => e);
    expect(codeOf(err)).toBe("BAD_REQUEST");
  });

  it("admin registration is closed without ADMIN_AUTH_CODE and never grants super_admin", async () => {
    const caller = await anonymousCaller();
    await expectCode(
      caller.auth.registerAdmin({ name: "Eve", email: uniqueEmail("eve"), password: "twelve-chars-ok", authCode: "anything-at-all" }),
      "FORBIDDEN",
    );
  });

  it("API keys: accepted only by API-key procedures, scoped, and one answer for unknown or revoked keys", async () => {
    const ws = await createWorkspace();
    const key = await apiKeyFor(ws.id, ["leads:read"]);
    const revoked = await apiKeyFor(ws.id, ["leads:read"], { revoked: true });
    const who = await (await anonymousCaller({ "x-api-key": key })).external.whoami();
    expect(who.workspace.id).toBe(ws.id);
    const unknownErr = await (await anonymousCaller({ "x-api-key": `lk_x_${"a".repeat(40)}` })).external.whoami().catch((e) => e);
    const revokedErr = await (await anonymousCaller({ "x-api-key": revoked })).external.whoami().catch((e) => e);
    expect(codeOf(unknownErr)).toBe("UNAUTHORIZED");
    expect(revokedErr.message).toBe(unknownErr.message);
    // A key is not a session.
    await expectCode((await anonymousCaller({ "x-api-key": key })).workspace.current(), "UNAUTHORIZED");
  });
});

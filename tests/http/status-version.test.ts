import { describe, expect, it } from "vitest";

/** /status/version names the runtime (Node version, commit): platform admins only, anyone else 404. */
describe("GET /status/version", () => {
  it("tells only platform admins the package version, the commit and the Node version", async () => {
    const { readFile } = await import("node:fs/promises");
    const pkg = JSON.parse(await readFile(new URL("../../package.json", import.meta.url), "utf8"));
    const { encode } = await import("next-auth/jwt");
    const { getEnv } = await import("@/env");
    const { createSession } = await import("@/server/auth/sessions");
    const { createAdmin, createUser, createWorkspace } = await import("../support/factories");
    const { GET } = (await import("@/app/status/version/route")) as { GET: (req: Request) => Promise<Response> };
    const cookieFor = async (account: { kind: "user" | "admin"; id: number }) => {
      const s = await createSession(account, { rememberMe: false });
      const token = await encode({ token: { sid: s.sessionId, rt: s.refreshToken, accessExpiresAt: s.accessExpiresAt }, secret: getEnv().JWT_SECRET });
      return `next-auth.session-token=${token}`;
    };
    const ask = (cookie?: string) => GET(new Request("http://localhost:8000/status/version", { headers: cookie ? { cookie } : {} }));

    process.env.GIT_COMMIT = "0123abc";
    try {
      const anonymous = await ask();
      expect(anonymous.status).toBe(404);
      expect(await anonymous.text()).not.toContain(process.version);

      const ws = await createWorkspace();
      const member = await createUser({ subAccountId: ws.id, role: "admin" });
      const asMember = await ask(await cookieFor({ kind: "user", id: member.id }));
      expect(asMember.status).toBe(404);
      expect(await asMember.text()).not.toContain(process.version);

      const admin = await createAdmin();
      const asAdmin = await ask(await cookieFor({ kind: "admin", id: admin.id }));
      expect(asAdmin.status).toBe(200);
      expect(await asAdmin.json()).toEqual({ version: pkg.version, commit: "0123abc", node: process.version });
    } finally {
      delete process.env.GIT_COMMIT;
    }
  });
});

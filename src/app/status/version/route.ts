import packageJson from "../../../../package.json";
import { readSessionClaims } from "@/server/auth/session-token";
import { loadSessionAccount } from "@/server/auth/sessions";

export const dynamic = "force-dynamic";

/**
 * Build details (version, commit, Node version) for platform admins only: anyone else gets 404, so the runtime a
 * deployment runs is not advertised to scanners. Health checks use /status and /status/health.
 */
export async function GET(request: Request) {
  const claims = await readSessionClaims(request.headers.get("cookie"));
  const account = claims && claims.accessExpiresAt > Date.now() ? await loadSessionAccount(claims.sessionId) : null;
  if (account?.kind !== "admin") return Response.json({ error: "Not found" }, { status: 404, headers: { "Cache-Control": "no-store" } });
  return Response.json(
    { version: packageJson.version, commit: process.env.GIT_COMMIT || null, node: process.version },
    { headers: { "Cache-Control": "no-store" } },
  );
}

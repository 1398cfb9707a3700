import { handlePublicApiRequest } from "@/server/http/public-api/handle-request";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** The public REST API (/api/v1/*): one handler for every operation (src/server/http/public-api/operations.ts). */
async function handle(req: Request, context: { params: Promise<{ path: string[] }> }) {
  return handlePublicApiRequest(req, (await context.params).path);
}

export { handle as GET, handle as POST, handle as PATCH, handle as DELETE };

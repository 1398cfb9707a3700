import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import superjson from "superjson";
import { getEnv } from "@/env";
import { TRPC_MAX_BATCH_CALLS } from "@/lib/trpc-batch";
import { appRouter } from "@/server/api/root";
import { createContext } from "@/server/api/trpc";
import { withBodyLimit } from "@/server/http/body-limit";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const ENDPOINT = "/api/trpc";

/** A batch over the cap, answered before any call runs, in tRPC's error shape so the client shows the message. */
function refuseOversizedBatch(req: Request): Response | undefined {
  const url = new URL(req.url);
  if (url.searchParams.get("batch") !== "1") return undefined;
  const calls = url.pathname.slice(ENDPOINT.length + 1).split(",").length;
  if (calls <= TRPC_MAX_BATCH_CALLS) return undefined;
  const message = `A batch may hold at most ${TRPC_MAX_BATCH_CALLS} calls; this one has ${calls}.`;
  const error = superjson.serialize({ message, code: -32600, data: { code: "BAD_REQUEST", httpStatus: 400, path: null, zodError: null } });
  return Response.json({ error }, { status: 400, headers: { "Cache-Control": "no-store" } });
}

const handler = withBodyLimit(
  () => getEnv().BODY_LIMIT_BYTES,
  (req) =>
    refuseOversizedBatch(req) ??
    fetchRequestHandler({
      endpoint: ENDPOINT,
      req,
      router: appRouter,
      maxBatchSize: TRPC_MAX_BATCH_CALLS,
      createContext: () => createContext({ headers: req.headers }),
      responseMeta: () => ({ headers: new Headers({ "Cache-Control": "no-store" }) }),
    }),
);

export { handler as GET, handler as POST };

/**
 * Benchmark baseline (bench/run.ts): a plain route handler answering a fixed JSON body, so the cost of
 * the tRPC + session path can be compared with Next's own request handling on the same server.
 * It does not exist unless the server runs with BENCH_ROUTES=1: otherwise every method answers 404.
 * POST stores the body to echo (the bench sends the exact `auth.me` response it captured); GET returns it.
 */
import { withBodyLimit } from "@/server/http/body-limit";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const MAX_BODY_BYTES = 64 * 1024;
const store = globalThis as unknown as { loctelliBenchEcho?: string };

const enabled = () => process.env.BENCH_ROUTES === "1";
const notFound = () => new Response(null, { status: 404 });

export function GET(): Response {
  if (!enabled()) return notFound();
  const body = store.loctelliBenchEcho;
  if (body === undefined) return Response.json({ error: "no body stored yet" }, { status: 409 });
  return new Response(body, {
    headers: { "Content-Type": "application/json", "Cache-Control": "no-store" },
  });
}

export const POST = withBodyLimit(MAX_BODY_BYTES, async (req: Request): Promise<Response> => {
  if (!enabled()) return notFound();
  const body = await req.text();
  try {
    JSON.parse(body);
  } catch {
    return Response.json({ error: "body must be JSON" }, { status: 400 });
  }
  store.loctelliBenchEcho = body;
  return new Response(null, { status: 204 });
});

import { queryOf, widgetRoute } from "@/server/http/widget";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const corsFor = (origin: string | null): Record<string, string> => (origin ? { "Access-Control-Allow-Origin": origin, Vary: "Origin" } : { Vary: "Origin" });

/**
 * GET /api/public/widget/config?key= , asked by /widget.js from the customer's page: the chat's name, answered with
 * CORS headers only to one of the workspace's sites (any other origin: 403, and the loader shows nothing).
 */
export const GET = widgetRoute(async (_req, { workspace }) => Response.json({ name: workspace.name }), { key: queryOf, requireSite: true, headers: corsFor });

/** A browser that preflights the loader's request (extra headers, a private-network check) gets the same answer. */
export const OPTIONS = widgetRoute(
  async () =>
    new Response(null, {
      status: 204,
      headers: { "Access-Control-Allow-Methods": "GET", "Access-Control-Allow-Headers": "Content-Type", "Access-Control-Allow-Private-Network": "true", "Access-Control-Max-Age": "600" },
    }),
  { key: queryOf, requireSite: true, headers: corsFor },
);

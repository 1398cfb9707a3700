import { queryOf, widgetRoute } from "@/server/http/widget";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * GET /api/public/widget/config?key= , asked by /widget.js from the customer's page: the chat's name, answered with
 * CORS headers only to one of the workspace's sites (any other origin: 403, and the loader shows nothing).
 */
export const GET = widgetRoute(
  async (_req, { workspace }) => Response.json({ name: workspace.name }),
  {
    key: queryOf,
    requireSite: true,
    headers: (origin): Record<string, string> => (origin ? { "Access-Control-Allow-Origin": origin, Vary: "Origin" } : { Vary: "Origin" }),
  },
);

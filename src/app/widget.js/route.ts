import { WIDGET_LOADER_JS } from "@/server/http/widget-assets";

export const dynamic = "force-static";

/** GET /widget.js : the website chat's loader, in one script tag on a customer's site (data-key: the public key). */
export function GET() {
  return new Response(WIDGET_LOADER_JS, {
    headers: {
      "Content-Type": "text/javascript; charset=utf-8",
      "Cache-Control": "public, max-age=300",
      "Cross-Origin-Resource-Policy": "cross-origin",
      "Access-Control-Allow-Origin": "*",
    },
  });
}

import { randomBytes } from "node:crypto";
import { widgetKeySchema } from "@/schemas/widget";
import { widgetFrameCsp, widgetFrameHtml } from "@/server/http/widget-assets";
import { widgetRequestContext } from "@/server/http/widget";
import { toAppError } from "@/server/errors";
import { unsafeFindWidgetWorkspace } from "@/server/services/widget/widget-workspace";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const refused = (status: number, text: string) =>
  new Response(text, { status, headers: { "Content-Type": "text/plain; charset=utf-8", "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'", "Cache-Control": "no-store" } });

/**
 * GET /api/public/widget/frame?key= : the chat window, inside a frame on the customer's page. Its
 * Content-Security-Policy lets only the workspace's allowed sites frame it (frame-ancestors); src/proxy.ts and
 * next.config.mjs leave this path's CSP and X-Frame-Options to it.
 */
export async function GET(req: Request) {
  const ctx = widgetRequestContext(req);
  const parsed = widgetKeySchema.safeParse(new URL(req.url).searchParams.get("key") ?? "");
  if (!parsed.success) return refused(400, "key: Say which workspace this chat is for.");
  try {
    const workspace = await unsafeFindWidgetWorkspace(parsed.data);
    const nonce = randomBytes(16).toString("base64");
    return new Response(widgetFrameHtml(workspace, parsed.data, nonce), {
      headers: {
        "Content-Type": "text/html; charset=utf-8",
        "Content-Security-Policy": widgetFrameCsp(nonce, workspace.widget.allowedOrigins),
        "Cache-Control": "no-store",
        "Referrer-Policy": "no-referrer",
      },
    });
  } catch (e) {
    const known = toAppError(e);
    if (known?.code === "NOT_FOUND") return refused(404, "No such chat.");
    if (known?.code === "SERVICE_UNAVAILABLE") return refused(503, "The chat is unavailable for a moment. Try again shortly.");
    ctx.log.error({ err: e }, "widget frame failed");
    return refused(500, `Something went wrong. Reference: ${ctx.requestId}`);
  }
}

import { getEnv } from "@/env";
import { widgetMessageSchema, widgetTranscriptSchema } from "@/schemas/widget";
import { withBodyLimit } from "@/server/http/body-limit";
import { jsonBody, NO_STORE, queryOf, visitorCookie, widgetRoute } from "@/server/http/widget";
import { receiveWidgetMessage, visitorTranscript } from "@/server/services/widget/visitor-chat";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** GET /api/public/widget/messages?key=&after= : the visitor's conversation after a message id (none yet: empty). */
export const GET = widgetRoute(
  async (req, { ctx, workspace, token }) => {
    const q = queryOf(req);
    const input = widgetTranscriptSchema.parse({ key: q.key, after: q.after === undefined ? undefined : Number(q.after) });
    if (!token?.leadId) return Response.json({ messages: [], personWillReply: false, started: false });
    return Response.json({ ...(await visitorTranscript(ctx, workspace, token.leadId, input.after)), started: true });
  },
  { key: queryOf },
);

/**
 * POST /api/public/widget/messages { key, content, clientMessageId, timezone? } from the chat window: stored and
 * handed to the AI (201), or already stored (200). Sets the visitor's cookie (the first message makes them a lead).
 */
export const POST = withBodyLimit(
  () => getEnv().BODY_LIMIT_BYTES,
  widgetRoute(
    async (req, { ctx, workspace, token }) => {
      const input = widgetMessageSchema.parse(await jsonBody(req));
      const result = await receiveWidgetMessage(ctx, workspace, token, input);
      return Response.json(
        { outcome: result.outcome, personWillReply: result.personWillReply },
        { status: result.outcome === "stored" ? 201 : 200, headers: { ...NO_STORE, "Set-Cookie": visitorCookie(result.token) } },
      );
    },
    { key: jsonBodyOnce },
  ),
  NO_STORE,
);

/** The body is read once for the key and again by the handler: keep a clone for the handler. */
async function jsonBodyOnce(req: Request) {
  return jsonBody(req.clone());
}

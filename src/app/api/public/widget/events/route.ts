import { widgetTranscriptSchema } from "@/schemas/widget";
import { AppError } from "@/server/errors";
import { queryOf, widgetRoute } from "@/server/http/widget";
import { widgetEventStream } from "@/server/services/widget/widget-events";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * GET /api/public/widget/events?key=&after= : server-sent events of the visitor's conversation (widget-events.ts).
 * EventSource's Last-Event-ID (on reconnect) wins over `after`.
 */
export const GET = widgetRoute(
  async (req, { ctx, workspace, token }) => {
    const q = queryOf(req);
    const lastEventId = req.headers.get("last-event-id");
    const input = widgetTranscriptSchema.parse({ key: q.key, after: lastEventId !== null ? Number(lastEventId) : q.after === undefined ? undefined : Number(q.after) });
    if (!token?.leadId) throw new AppError("PRECONDITION_FAILED", "Write a message first.");
    const stream = widgetEventStream(ctx, workspace, { ...token, leadId: token.leadId }, input.after, req.signal);
    return new Response(stream, {
      headers: { "Content-Type": "text/event-stream; charset=utf-8", "Cache-Control": "no-store, no-transform", Connection: "keep-alive", "X-Accel-Buffering": "no" },
    });
  },
  { key: queryOf },
);

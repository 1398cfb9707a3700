import type { RequestContext } from "@/server/context";
import { subscribeConversationEvents } from "@/server/realtime/conversation-events";
import type { VisitorToken } from "./visitor-token";
import { visitorTranscript } from "./visitor-chat";
import type { WidgetWorkspace } from "./widget-workspace";

/** A comment line keeps proxies from closing an idle stream. */
export const WIDGET_HEARTBEAT_MS = 25_000;

/**
 * The visitor's live stream (server-sent events): what is new in their conversation, sent at once and then whenever
 * the workspace's conversation channel names their lead (the same events the inbox listens to). Each `message` event
 * carries the messages after the last one sent and whether a person will answer; its id is the last message id, so
 * EventSource's reconnect (Last-Event-ID) resumes where it stopped.
 */
export function widgetEventStream(ctx: RequestContext, workspace: WidgetWorkspace, token: VisitorToken & { leadId: number }, after: number, signal: AbortSignal): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let lastId = after;
  let unsubscribe: (() => Promise<void>) | null = null;
  let heartbeat: ReturnType<typeof setInterval> | null = null;
  let closed = false;
  let running = false;
  let again = false;

  return new ReadableStream<Uint8Array>({
    async start(controller) {
      const write = (chunk: string) => {
        if (!closed) controller.enqueue(encoder.encode(chunk));
      };
      const close = async () => {
        if (closed) return;
        closed = true;
        if (heartbeat) clearInterval(heartbeat);
        await unsubscribe?.().catch(() => undefined);
        try {
          controller.close();
        } catch {
          // already closed by the client going away
        }
      };
      // One read at a time; an event arriving during a read asks for one more.
      const push = async () => {
        if (running) return void (again = true);
        running = true;
        try {
          do {
            again = false;
            const { messages, personWillReply } = await visitorTranscript(ctx, workspace, token.leadId, lastId);
            if (messages.length) lastId = messages.at(-1)!.id;
            write(`id: ${lastId}\nevent: message\ndata: ${JSON.stringify({ messages, personWillReply })}\n\n`);
          } while (again && !closed);
        } catch (e) {
          ctx.log.warn({ err: { message: (e as Error).message } }, "widget stream read failed");
        } finally {
          running = false;
        }
      };
      signal.addEventListener("abort", () => void close(), { once: true });
      write("retry: 3000\n\n");
      try {
        unsubscribe = await subscribeConversationEvents(workspace.id, (event) => {
          if (event.leadId === token.leadId) void push();
        });
      } catch {
        // Redis is away: the window reconnects after `retry` and reads what it missed.
        return void close();
      }
      if (signal.aborted) return void close();
      heartbeat = setInterval(() => write(": ping\n\n"), WIDGET_HEARTBEAT_MS);
      await push();
    },
    async cancel() {
      closed = true;
      if (heartbeat) clearInterval(heartbeat);
      await unsubscribe?.().catch(() => undefined);
    },
  });
}

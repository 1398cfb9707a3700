import { EventEmitter, on } from "node:events";
import { Redis } from "ioredis";
import { getEnv } from "@/env";
import { AppError } from "@/server/errors";
import type { WorkspaceContext } from "@/server/context";
import { logger } from "@/server/logger";
import { redisReady } from "@/server/redis/client";

/**
 * Live updates of the inbox: whoever stores or changes a lead's message (an inbound message, the AI's reply, a person's
 * message, a delivery status) or turns the AI on/off publishes a small event on the workspace's Redis channel; the
 * `chat.events` subscription streams the events of the caller's workspace only (the channel is named from
 * ctx.workspace, never from input). Events carry ids, never content: the client refetches what changed. Campaign pages
 * listen too: "status" (a send settled, a receipt) and "campaign" (a dispatch step handed texts over, the campaign
 * started, paused, resumed, was cancelled or completed) refresh their progress.
 */
export type ConversationEvent = { leadId: number | null; kind: "message" | "status" | "ai" | "campaign" };

const CHANNEL_PREFIX = "loctelli:conversations:";
export const conversationChannel = (subAccountId: number) => `${CHANNEL_PREFIX}${subAccountId}`;

/** Best effort: a lost event only delays the screen until its next refresh, so a Redis error never fails the write. */
export async function publishConversationEvent(subAccountId: number, event: ConversationEvent): Promise<void> {
  try {
    await (await redisReady(2_000)).publish(conversationChannel(subAccountId), JSON.stringify(event));
  } catch (e) {
    logger.warn({ err: { message: (e as Error).message }, subAccountId }, "conversation event not published");
  }
}

/** One subscriber connection per process, subscribed to a workspace's channel while anyone there listens. */
class ConversationHub {
  readonly emitter = new EventEmitter();
  private readonly listeners = new Map<string, number>();
  private readonly redis: Redis;

  constructor() {
    this.emitter.setMaxListeners(0);
    this.redis = new Redis(getEnv().redisUrl, { maxRetriesPerRequest: null });
    this.redis.on("message", (channel: string, raw: string) => this.emitter.emit(channel, raw));
    this.redis.on("error", (err) => logger.warn({ err: { message: err.message } }, "conversation events: redis error"));
  }

  async add(channel: string) {
    const count = (this.listeners.get(channel) ?? 0) + 1;
    this.listeners.set(channel, count);
    if (count === 1) await this.redis.subscribe(channel);
  }

  async remove(channel: string) {
    const count = (this.listeners.get(channel) ?? 1) - 1;
    if (count > 0) return void this.listeners.set(channel, count);
    this.listeners.delete(channel);
    await this.redis.unsubscribe(channel).catch(() => {});
  }

  async close() {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

const globalForHub = globalThis as unknown as { loctelliConversationHub?: ConversationHub };
const hub = () => (globalForHub.loctelliConversationHub ??= new ConversationHub());

function parse(raw: string): ConversationEvent | null {
  try {
    const event = JSON.parse(raw) as ConversationEvent;
    return typeof event === "object" && event !== null && typeof event.kind === "string" ? event : null;
  } catch {
    return null;
  }
}

/**
 * A callback for every event of one workspace, until the returned function is called (the website chat's streams:
 * many per workspace, each filtering its own lead, on the same one subscriber connection).
 */
export async function subscribeConversationEvents(subAccountId: number, onEvent: (event: ConversationEvent) => void): Promise<() => Promise<void>> {
  const channel = conversationChannel(subAccountId);
  const listener = (raw: string) => {
    const event = parse(raw);
    if (event) onEvent(event);
  };
  hub().emitter.on(channel, listener);
  try {
    await hub().add(channel);
  } catch (e) {
    hub().emitter.off(channel, listener);
    throw e;
  }
  let done = false;
  return async () => {
    if (done) return;
    done = true;
    hub().emitter.off(channel, listener);
    await hub().remove(channel);
  };
}

/** How often an open stream checks that its session may still read the workspace: a revoked session's stream ends within this. */
export const EVENTS_SESSION_RECHECK_MS = 30_000;

export async function* conversationEvents(
  ctx: WorkspaceContext,
  signal?: AbortSignal,
  opts: { stillAllowed?: () => Promise<boolean>; recheckMs?: number } = {},
): AsyncGenerator<ConversationEvent> {
  const channel = conversationChannel(ctx.workspace.id);
  const stop = new AbortController();
  const onAbort = () => stop.abort();
  signal?.addEventListener("abort", onAbort);
  if (signal?.aborted) stop.abort();
  let refused = false;
  const recheck = opts.stillAllowed
    ? setInterval(() => {
        opts.stillAllowed!().then(
          (allowed) => {
            if (allowed) return;
            refused = true;
            stop.abort();
          },
          // A failed check (database hiccup) keeps the stream; the next check decides.
          () => undefined,
        );
      }, opts.recheckMs ?? EVENTS_SESSION_RECHECK_MS)
    : null;
  const events = on(hub().emitter, channel, { signal: stop.signal });
  await hub().add(channel);
  try {
    for await (const [raw] of events) {
      const event = parse(raw as string);
      if (event) yield event;
    }
  } catch (e) {
    if (!stop.signal.aborted) throw e;
  } finally {
    if (recheck) clearInterval(recheck);
    signal?.removeEventListener("abort", onAbort);
    await hub().remove(channel);
  }
  if (refused) throw new AppError("UNAUTHORIZED", "Your session has ended. Sign in again.");
}

/** Tests and shutdown: closes the subscriber connection. */
export async function closeConversationEvents(): Promise<void> {
  await globalForHub.loctelliConversationHub?.close();
  globalForHub.loctelliConversationHub = undefined;
}

import { Queue } from "bullmq";
import type { Redis } from "ioredis";
import { getEnv } from "@/env";
import { AppError } from "@/server/errors";
import { logger } from "@/server/logger";
import { createBullConnection } from "@/server/redis/client";
import type { QueueName } from "./define";

/**
 * One lazily created Queue per (prefix, queue name), sharing one Redis connection. QUEUE_PREFIX
 * namespaces every key (default "loctelli"); tests use a prefix of their own so they never meet a real worker.
 */
export function queuePrefix(): string {
  return getEnv().QUEUE_PREFIX;
}

interface QueueState {
  queues: Map<string, Queue>;
  connection?: Redis;
}
// Kept on globalThis so Next's dev reloads reuse the same connection.
const globalForQueues = globalThis as unknown as { loctelliQueues?: QueueState };
const state: QueueState = (globalForQueues.loctelliQueues ??= { queues: new Map() });

export function getQueue(name: QueueName, prefix = queuePrefix()): Queue {
  const key = `${prefix}\u0000${name}`;
  let queue = state.queues.get(key);
  if (!queue) {
    // Producers fail fast while Redis is away (enqueue answers "try again") instead of queueing commands that could
    // reach Redis later, after the caller was told the job was refused.
    if (!state.connection) {
      state.connection = createBullConnection({ enableOfflineQueue: false, maxRetriesPerRequest: 1 });
      state.connection.on("error", (err) => logger.warn({ err: { message: err.message } }, "queue connection error"));
    }
    queue = new Queue(name, { connection: state.connection, prefix });
    // The connection's own listener logs the outage once per attempt; the queue repeats the same error.
    queue.on("error", () => {});
    state.queues.set(key, queue);
  }
  return queue;
}

/** The caller's answer (503) when Redis cannot take or hand back a job. */
export const QUEUE_UNAVAILABLE_MESSAGE = "The job queue is unavailable; try again in a moment.";
/** How long a producer waits for the queue's first connection before answering QUEUE_UNAVAILABLE_MESSAGE. */
const QUEUE_READY_TIMEOUT_MS = 3_000;

/**
 * Runs `fn` on the queue once its connection is ready, or refuses with SERVICE_UNAVAILABLE when Redis is away. Nothing
 * is sent before the connection is ready, and the connection queues no command while Redis is away, so refused work
 * never reaches Redis later behind the caller's back.
 */
export async function withQueue<T>(name: QueueName, fn: (queue: Queue) => Promise<T>): Promise<T> {
  const queue = getQueue(name);
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    await Promise.race([
      queue.waitUntilReady(),
      new Promise((_, reject) => (timer = setTimeout(() => reject(new Error("the queue's Redis connection is not ready")), QUEUE_READY_TIMEOUT_MS))),
    ]);
    return await fn(queue);
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw new AppError("SERVICE_UNAVAILABLE", QUEUE_UNAVAILABLE_MESSAGE, { cause: e });
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Whether BullMQ still holds each of these job ids on the queue (waiting, delayed, running, or kept finished), in one
 * pipelined round trip. Refused like `withQueue` when Redis is away.
 */
export function jobsHeld(name: QueueName, jobIds: readonly string[]): Promise<boolean[]> {
  return withQueue(name, async (queue) => {
    const pipeline = state.connection!.pipeline();
    for (const id of jobIds) pipeline.exists(queue.toKey(id));
    const replies = (await pipeline.exec()) ?? [];
    return replies.map(([err, n]) => !err && n === 1);
  });
}

export async function closeQueues(): Promise<void> {
  const queues = [...state.queues.values()];
  const connection = state.connection;
  state.queues.clear();
  state.connection = undefined;
  await Promise.allSettled(queues.map((q) => q.close()));
  // The connection is ours (Queue does not close a connection it was given).
  if (connection) await connection.quit().catch(() => connection.disconnect());
}

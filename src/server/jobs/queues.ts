import { Queue } from "bullmq";
import type { Redis } from "ioredis";
import { getEnv } from "@/env";
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
    state.connection ??= createBullConnection();
    queue = new Queue(name, { connection: state.connection, prefix });
    state.queues.set(key, queue);
  }
  return queue;
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

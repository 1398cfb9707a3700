// The worker process: npm run worker. Environment first, then everything else (the logger reads
// LOCTELLI_PROCESS when it is first imported).
import "dotenv/config";

process.env.LOCTELLI_PROCESS = "worker";

const { logger } = await import("@/server/logger");
const { prepareDatabase } = await import("@/server/db/startup");
const { disconnectDatabase } = await import("@/server/db/client");
const { closeRedis, redisReady } = await import("@/server/redis/client");
const { closeQueues } = await import("@/server/jobs/queues");
const { startWorker, checkRedisEvictionPolicy } = await import("./start");

let running: Awaited<ReturnType<typeof startWorker>> | undefined;
let stopping = false;

async function shutdown(signal: string) {
  if (stopping) {
    logger.warn({ signal }, "second signal: exiting without waiting for jobs");
    process.exit(1);
  }
  stopping = true;
  logger.info({ signal }, "worker stopping: waiting for in-flight jobs");
  try {
    await running?.close();
    await closeQueues();
    await closeRedis();
    await disconnectDatabase();
    logger.info("worker stopped");
    process.exit(0);
  } catch (e) {
    logger.error({ err: { message: (e as Error).message } }, "worker shutdown failed");
    process.exit(1);
  }
}

process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));

try {
  await prepareDatabase({ log: (msg) => logger.info(msg) });
  await checkRedisEvictionPolicy(await redisReady());
  running = await startWorker({ schedulers: (await import("@/env")).getEnv().WORKER_SCHEDULERS });
  logger.info({ aiTurnConcurrency: (await import("@/env")).getEnv().AI_TURN_CONCURRENCY }, "worker ready");
} catch (e) {
  logger.fatal({ err: { message: (e as Error).message } }, "worker failed to start");
  await Promise.allSettled([running?.close(), closeQueues(), closeRedis(), disconnectDatabase()]);
  process.exit(1);
}

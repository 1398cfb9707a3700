import { jobOptions, parsePayload, QUEUE_NAMES, type JobDefinition } from "./define";
import { getQueue, queuePrefix } from "./queues";
import { JOBS } from "./registry";

/**
 * Registers every scheduled job with Queue.upsertJobScheduler, keyed by job name: running it again (each
 * worker start, several workers) updates the one scheduler instead of adding another. Schedulers whose
 * job no longer exists or is no longer scheduled are removed.
 */
export async function registerSchedulers(
  { prefix = queuePrefix(), jobs = JOBS as readonly JobDefinition[] }: { prefix?: string; jobs?: readonly JobDefinition[] } = {},
): Promise<string[]> {
  const scheduled = jobs.filter((j) => j.repeat);
  for (const job of scheduled) {
    const { data, ...repeat } = job.repeat!;
    await getQueue(job.queue, prefix).upsertJobScheduler(job.name, repeat, {
      name: job.name,
      data: parsePayload(job, data ?? {}),
      opts: jobOptions(job),
    });
  }
  const wanted = new Set(scheduled.map((j) => `${j.queue}/${j.name}`));
  for (const queueName of QUEUE_NAMES) {
    const queue = getQueue(queueName, prefix);
    for (const s of await queue.getJobSchedulers()) {
      const id = s.key;
      if (!wanted.has(`${queueName}/${id}`)) await queue.removeJobScheduler(id);
    }
  }
  return scheduled.map((j) => j.name);
}

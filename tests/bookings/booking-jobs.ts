import { unsafeDb } from "@/server/db/client";
import { getQueue } from "@/server/jobs/queues";
import { waitFor } from "../sms/helpers";

/** The messaging queue, where booking-changed and the reminders run. Import after the test file has set its env. */
export const messaging = () => getQueue("messaging");

/** A messaging job once it has run. */
export async function finishedJob(jobId: string) {
  await waitFor(async () => (await messaging().getJob(jobId))?.finishedOn, (t) => t !== undefined, `job ${jobId} finishing`);
  return (await messaging().getJob(jobId))!;
}

/** The booking-changed job of the booking's latest event of that kind, once it has run. */
export async function bookingChanged(bookingId: number, change: "created" | "rescheduled" | "cancelled") {
  const event = await waitFor(
    () => unsafeDb.domainEvent.findFirst({ where: { type: `booking.${change}`, data: { path: ["booking", "id"], equals: bookingId } }, orderBy: { id: "desc" } }),
    (e) => e !== null,
    `the booking.${change} event of booking ${bookingId}`,
  );
  return finishedJob(`booking-changed-event-${event!.id}`);
}

/** A booking's 24-hour and 1-hour reminder jobs: their state and when they run (to the second), or null when gone. */
export async function reminderJobs(bookingId: number) {
  const jobs = await Promise.all([1440, 60].map((offset) => messaging().getJob(`booking-reminder-${bookingId}-${offset}m`)));
  // To the second: the delay is counted from the moment the job was added.
  const second = (ms: number) => new Date(Math.round(ms / 1000) * 1000);
  return Promise.all(jobs.map(async (job) => (job ? { state: await job.getState(), runsAt: second(job.timestamp + (job.opts.delay ?? 0)) } : null)));
}

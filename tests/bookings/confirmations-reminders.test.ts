import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import ICAL from "ical.js";

// The Twilio and Postmark emulators (the official SDKs point at them), then this file's queues and worker.
const { startTwilioServer, twilioTestAccount } = await import("../support/twilio-server");
const { startPostmarkServer } = await import("../support/postmark-server");

const platform = twilioTestAccount();
const twilioApi = await startTwilioServer({ [platform.accountSid]: platform.authToken });
twilioApi.sendReceipts = false;
const POSTMARK_TOKEN = randomUUID();
const postmarkApi = await startPostmarkServer([POSTMARK_TOKEN]);
Object.assign(process.env, {
  PUBLIC_URL: "http://booking-links.test",
  TWILIO_API_URL: twilioApi.url,
  TWILIO_ACCOUNT_SID: platform.accountSid,
  TWILIO_AUTH_TOKEN: platform.authToken,
  POSTMARK_API_KEY: POSTMARK_TOKEN,
  POSTMARK_API_URL: postmarkApi.url,
});
const { setUpTestWorker } = await import("../support/worker-harness");
const { unsafeDb } = await import("@/server/db/client");
const { bookingChanged, finishedJob, messaging, reminderJobs } = await import("./booking-jobs");
const { decryptMessageContent } = await import("@/server/services/messages/message-content");
const { bookingManageToken } = await import("@/server/services/bookings/manage-token");
const { POST: cancelRoute } = await import("@/app/api/public/booking/cancel/route");
const { POST: rescheduleRoute } = await import("@/app/api/public/booking/reschedule/route");
const { createUser, uniqueIp } = await import("../support/factories");
const { memberWithSchedule, ALL_DAY_EVERY_DAY } = await import("./world");
const { randomPhone, waitFor } = await import("../sms/helpers");

setUpTestWorker();
afterAll(async () => {
  await twilioApi.close();
  await postmarkApi.close();
});

const HOUR = 3_600_000;
const NEW_YORK = "America/New_York";

/** A workspace whose member is free every hour of every day (New York), with a sender address; SMS when asked. */
async function bookingWorld(opts: { sms?: boolean } = {}) {
  const world = await memberWithSchedule({ timezone: NEW_YORK, weeklyHours: ALL_DAY_EVERY_DAY, slotMinutes: 60, role: "admin" });
  const { caller } = world;
  await caller.email.updateSettings({ fromName: "Acme Dental", fromAddress: "hello@acme-dental.example" });
  if (opts.sms) await caller.sms.addNumber({ phoneNumber: randomPhone(), label: "Front desk" });
  return world;
}

type World = Awaited<ReturnType<typeof bookingWorld>>;

async function leadOf(world: World, fields: { phone?: string; email?: string; timezone?: string }) {
  return world.caller.leads.create({ name: "Lena Lead", timezone: NEW_YORK, ...fields });
}

/** The next whole hour at least `hoursAhead` from now. */
const hourFromNow = (hoursAhead: number) => new Date(Math.ceil((Date.now() + hoursAhead * HOUR) / HOUR) * HOUR);

const messagesOf = async (leadId: number) =>
  (await unsafeDb.message.findMany({ where: { leadId }, orderBy: { id: "asc" } })).map((m) => ({ ...m, text: decryptMessageContent(m) }));

async function messageWithKey(leadId: number, key: string) {
  return waitFor(
    async () => (await messagesOf(leadId)).find((m) => m.idempotencyKey === key),
    (m) => m !== undefined,
    `the message ${key}`,
  ).then((m) => m!);
}

/** The email Postmark received with this subject prefix for that address, and its .ics parsed back with ical.js. */
async function emailTo(to: string, subjectStart: string) {
  const email = await waitFor(
    async () => postmarkApi.sent.find((e) => e.body.To === to && e.body.Subject.startsWith(subjectStart)),
    (e) => e !== undefined,
    `the email "${subjectStart}" to ${to}`,
  );
  const attachments = (JSON.parse(email!.raw) as { Attachments?: { Name: string; ContentType: string; Content: string }[] }).Attachments ?? [];
  const ics = attachments[0] ? Buffer.from(attachments[0].Content, "base64").toString("utf8") : null;
  const calendar = ics ? new ICAL.Component(ICAL.parse(ics) as unknown[]) : null;
  const event = calendar ? new ICAL.Event(calendar.getFirstSubcomponent("vevent")!) : null;
  return { email: email!, attachment: attachments[0], calendar, event };
}

const newYorkClock = (d: Date) =>
  new Intl.DateTimeFormat("en-US", { timeZone: NEW_YORK, weekday: "short", hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZoneName: "short" }).format(d);

const form = (fields: Record<string, string>) => ({
  method: "POST",
  headers: { "content-type": "application/x-www-form-urlencoded", "x-forwarded-for": uniqueIp() },
  body: new URLSearchParams(fields).toString(),
});
const manageTokenIn = (text: string) => /\/booking\/([0-9a-z._-]+)/i.exec(text)![1]!;

describe("confirmations: the lead's channel, the time on their clock, an .ics that survives DST", () => {
  it("email: confirmed, moved and cancelled, each with the invite of the same UID (SEQUENCE 0, 1, 2; METHOD:CANCEL last)", async () => {
    const world = await bookingWorld();
    const address = `lena-${randomUUID().slice(0, 8)}@client.example`;
    const lead = await leadOf(world, { email: address });
    // Monday 15 March 2027, 10:00 in New York: the first Monday after the clocks went forward (EDT, UTC-4).
    const booking = await world.caller.bookings.create({ userId: world.user.id, leadId: lead.id, startsAt: new Date("2027-03-15T14:00:00Z"), timezone: NEW_YORK, title: "Check-up" });

    const created = await messageWithKey(lead.id, `booking:${booking.id}:created:0`);
    expect(created).toMatchObject({ channel: "email", role: "assistant" });
    expect(created.text).toContain("Mon, Mar 15, 10:00 - 11:00 AM EDT (America/New York time)");
    const first = await emailTo(address, "Booking confirmed");
    expect(first.email.body.MessageStream).toBe("outbound");
    expect(first.attachment).toMatchObject({ Name: "invite.ics", ContentType: "text/calendar; charset=utf-8; method=REQUEST" });
    expect(first.calendar!.getFirstPropertyValue("method")).toBe("REQUEST");
    expect(first.event!.sequence).toBe(0);
    expect(first.event!.startDate.toJSDate()).toEqual(new Date("2027-03-15T14:00:00Z"));
    expect(newYorkClock(first.event!.startDate.toJSDate())).toBe("Mon, 10:00 EDT");
    expect(newYorkClock(first.event!.endDate.toJSDate())).toBe("Mon, 11:00 EDT");
    expect(first.email.body.TextBody).toContain("http://booking-links.test/booking/");

    // Moved to the Friday before the change, 10:00 EST (UTC-5): the same wall-clock hour is another UTC hour.
    await world.caller.bookings.reschedule({ id: booking.id, startsAt: new Date("2027-03-12T15:00:00Z") });
    await messageWithKey(lead.id, `booking:${booking.id}:rescheduled:1`);
    const moved = await emailTo(address, "Booking moved");
    expect(moved.event!.uid).toBe(first.event!.uid);
    expect(moved.event!.sequence).toBe(1);
    expect(newYorkClock(moved.event!.startDate.toJSDate())).toBe("Fri, 10:00 EST");
    expect(moved.email.body.TextBody).toContain("Fri, Mar 12, 10:00 - 11:00 AM EST (America/New York time)");

    await world.caller.bookings.cancel({ id: booking.id });
    await messageWithKey(lead.id, `booking:${booking.id}:cancelled:2`);
    const cancelled = await emailTo(address, "Booking cancelled");
    expect(cancelled.attachment!.ContentType).toBe("text/calendar; charset=utf-8; method=CANCEL");
    expect(cancelled.calendar!.getFirstPropertyValue("method")).toBe("CANCEL");
    expect(cancelled.event!.uid).toBe(first.event!.uid);
    expect(cancelled.event!.sequence).toBe(2);
    expect(cancelled.event!.component.getFirstPropertyValue("status")).toBe("CANCELLED");
  });

  it("SMS when the lead has a phone, has not opted out and the workspace can text; else email; else nothing, in words", async () => {
    const world = await bookingWorld({ sms: true });
    const texted = await leadOf(world, { phone: randomPhone(), email: `t-${randomUUID().slice(0, 8)}@client.example`, timezone: "Europe/Berlin" });
    const start = hourFromNow(48);
    const booking = await world.caller.bookings.create({ userId: world.user.id, leadId: texted.id, startsAt: start, timezone: NEW_YORK });
    const sms = await messageWithKey(texted.id, `booking:${booking.id}:created:0`);
    expect(sms).toMatchObject({ channel: "sms", role: "assistant" });
    expect(sms.text).toContain("(Europe/Berlin time)");
    await waitFor(async () => twilioApi.messages.find((m) => m.body === sms.text), (m) => m !== undefined, "the SMS at Twilio");

    // Opted out: the confirmation goes by email instead.
    const optedOut = await leadOf(world, { phone: randomPhone(), email: `o-${randomUUID().slice(0, 8)}@client.example` });
    await unsafeDb.lead.update({ where: { id: optedOut.id }, data: { smsOptedOutAt: new Date() } });
    const second = await world.caller.bookings.create({ userId: world.user.id, leadId: optedOut.id, startsAt: new Date(start.getTime() + HOUR), timezone: NEW_YORK });
    expect((await messageWithKey(optedOut.id, `booking:${second.id}:created:0`)).channel).toBe("email");

    // Opted out and the address suppressed: nothing is sent, and the job says why in the usual words.
    const unreachable = await leadOf(world, { phone: randomPhone(), email: `u-${randomUUID().slice(0, 8)}@client.example` });
    await unsafeDb.lead.update({ where: { id: unreachable.id }, data: { smsOptedOutAt: new Date() } });
    await unsafeDb.emailSuppression.create({ data: { subAccountId: world.subAccountId, email: unreachable.email!, reason: "bounce" } });
    const third = await world.caller.bookings.create({ userId: world.user.id, leadId: unreachable.id, startsAt: new Date(start.getTime() + 2 * HOUR), timezone: NEW_YORK });
    const job = await bookingChanged(third.id, "created");
    expect(job.returnvalue.confirmation.outcome).toBe("skipped");
    expect(job.returnvalue.confirmation.reason).toMatch(/opted out of SMS.*bounced/s);
    expect(await messagesOf(unreachable.id)).toEqual([]);
  });

  it("a workspace without a number emails a lead who has a phone", async () => {
    const world = await bookingWorld();
    const lead = await leadOf(world, { phone: randomPhone(), email: `n-${randomUUID().slice(0, 8)}@client.example` });
    const booking = await world.caller.bookings.create({ userId: world.user.id, leadId: lead.id, startsAt: hourFromNow(30), timezone: NEW_YORK });
    expect((await messageWithKey(lead.id, `booking:${booking.id}:created:0`)).channel).toBe("email");
  });
});

describe("reminders: delayed jobs per booking and offset, replaced, removed, and checked again when they run", () => {
  it("scheduled 24 h and 1 h before, moved with a reschedule, gone with a cancellation", async () => {
    const world = await bookingWorld();
    const lead = await leadOf(world, { email: `r-${randomUUID().slice(0, 8)}@client.example` });
    const start = hourFromNow(72);
    const booking = await world.caller.bookings.create({ userId: world.user.id, leadId: lead.id, startsAt: start, timezone: NEW_YORK });
    await bookingChanged(booking.id, "created");
    expect(await reminderJobs(booking.id)).toEqual([
      { state: "delayed", runsAt: new Date(start.getTime() - 24 * HOUR) },
      { state: "delayed", runsAt: new Date(start.getTime() - HOUR) },
    ]);

    const later = new Date(start.getTime() + 5 * HOUR);
    await world.caller.bookings.reschedule({ id: booking.id, startsAt: later });
    await bookingChanged(booking.id, "rescheduled");
    expect(await reminderJobs(booking.id)).toEqual([
      { state: "delayed", runsAt: new Date(later.getTime() - 24 * HOUR) },
      { state: "delayed", runsAt: new Date(later.getTime() - HOUR) },
    ]);

    await world.caller.bookings.cancel({ id: booking.id });
    await bookingChanged(booking.id, "cancelled");
    expect(await reminderJobs(booking.id)).toEqual([null, null]);
  });

  it("follows the workspace's settings: other offsets, or none when off", async () => {
    const world = await bookingWorld();
    await world.caller.bookings.updateReminderSettings({ enabled: true, offsetsMinutes: [120] });
    expect(await world.caller.bookings.reminderSettings()).toEqual({ enabled: true, offsetsMinutes: [120] });
    const lead = await leadOf(world, { email: `s-${randomUUID().slice(0, 8)}@client.example` });
    const start = hourFromNow(10);
    const booking = await world.caller.bookings.create({ userId: world.user.id, leadId: lead.id, startsAt: start, timezone: NEW_YORK });
    const done = await bookingChanged(booking.id, "created");
    expect(done.returnvalue.reminders).toEqual([{ offsetMinutes: 120, at: new Date(start.getTime() - 2 * HOUR).toISOString() }]);

    await world.caller.bookings.updateReminderSettings({ enabled: false, offsetsMinutes: [120] });
    const other = await world.caller.bookings.create({ userId: world.user.id, leadId: lead.id, startsAt: new Date(start.getTime() + HOUR), timezone: NEW_YORK });
    expect((await bookingChanged(other.id, "created")).returnvalue.reminders).toEqual([]);
    // The earlier booking's job, when it runs, reads the settings again and sends nothing.
    await (await messaging().getJob(`booking-reminder-${booking.id}-120m`))!.promote();
    expect((await finishedJob(`booking-reminder-${booking.id}-120m`)).returnvalue).toEqual({ outcome: "skipped", reason: "Reminders are off for this workspace." });
  });

  it("when it runs: sends for a booking due now; nothing for a cancelled or past one; back to waiting for one moved later", async () => {
    const world = await bookingWorld({ sms: true });
    const lead = await leadOf(world, { phone: randomPhone() });
    const [due, cancelled, later] = await Promise.all(
      [60, 61, 62].map((h) => world.caller.bookings.create({ userId: world.user.id, leadId: lead.id, startsAt: hourFromNow(h), timezone: NEW_YORK })),
    );
    for (const b of [due!, cancelled!, later!]) await bookingChanged(b.id, "created");

    // The clock reaches the 1-hour reminder of the first booking (the database is the truth: the booking is now 1 h away).
    const soon = new Date(Date.now() + HOUR + 20_000);
    await unsafeDb.booking.update({ where: { id: due!.id }, data: { startsAt: soon, endsAt: new Date(soon.getTime() + HOUR) } });
    await (await messaging().getJob(`booking-reminder-${due!.id}-60m`))!.promote();
    const reminder = await messageWithKey(lead.id, `booking:${due!.id}:reminder:60:${soon.getTime()}`);
    expect(reminder).toMatchObject({ channel: "sms", role: "assistant" });
    expect(reminder.text).toMatch(/^Reminder: your booking with .* \(America\/New York time\)\.\n\nTo cancel or pick another time: http:\/\/booking-links\.test\/booking\//);
    // Its 24-hour reminder, run now, is skipped: the 1-hour one has its place.
    await (await messaging().getJob(`booking-reminder-${due!.id}-1440m`))!.promote();
    expect((await finishedJob(`booking-reminder-${due!.id}-1440m`)).returnvalue.reason).toMatch(/closer reminder/);

    // Cancelled behind the queue's back (as if removing its jobs had failed): the job sends nothing.
    await unsafeDb.booking.update({ where: { id: cancelled!.id }, data: { status: "cancelled" } });
    await (await messaging().getJob(`booking-reminder-${cancelled!.id}-60m`))!.promote();
    expect((await finishedJob(`booking-reminder-${cancelled!.id}-60m`)).returnvalue).toEqual({ outcome: "skipped", reason: "The booking is cancelled." });

    // Moved two days later without its jobs being replaced: the 24-hour job waits again, for the new time.
    const moved = new Date(later!.startsAt.getTime() + 48 * HOUR);
    await unsafeDb.booking.update({ where: { id: later!.id }, data: { startsAt: moved, endsAt: new Date(moved.getTime() + HOUR) } });
    const job = (await messaging().getJob(`booking-reminder-${later!.id}-1440m`))!;
    await job.promote();
    await waitFor(
      async () => {
        const now = (await messaging().getJob(job.id!))!;
        return { state: await now.getState(), started: now.attemptsStarted, runsAt: now.timestamp + (now.delay ?? 0) };
      },
      (s) => s.state === "delayed" && s.started > 0,
      "the moved reminder waiting again",
    );
    const waiting = (await messaging().getJob(job.id!))!;
    expect(Math.abs(waiting.timestamp + waiting.delay - (moved.getTime() - 24 * HOUR))).toBeLessThan(5_000);
    expect((await messagesOf(lead.id)).filter((m) => m.idempotencyKey?.includes(":reminder:"))).toHaveLength(1);
  });

  it("SMS reminders keep quiet hours: delayed to their end, skipped when that is after the booking starts", async () => {
    const world = await bookingWorld({ sms: true });
    const clock = (d: Date) => d.toISOString().slice(11, 16);
    const now = Date.now();
    await world.caller.sms.updateSettings({ quietHours: { enabled: true, start: clock(new Date(now - HOUR)), end: clock(new Date(now + 2 * HOUR)) } });
    await world.caller.bookings.updateReminderSettings({ enabled: true, offsetsMinutes: [240, 60] });
    const lead = await leadOf(world, { phone: randomPhone(), timezone: "UTC" });
    const [early, late] = await Promise.all(
      [50, 51].map((h) => world.caller.bookings.create({ userId: world.user.id, leadId: lead.id, startsAt: hourFromNow(h), timezone: NEW_YORK })),
    );
    for (const b of [early!, late!]) await bookingChanged(b.id, "created");

    // 4 hours away: the reminder waits for the end of quiet hours (2 hours from now), before the booking.
    const inFour = new Date(now + 4 * HOUR + 20_000);
    await unsafeDb.booking.update({ where: { id: early!.id }, data: { startsAt: inFour, endsAt: new Date(inFour.getTime() + HOUR) } });
    await (await messaging().getJob(`booking-reminder-${early!.id}-240m`))!.promote();
    const held = await messageWithKey(lead.id, `booking:${early!.id}:reminder:240:${inFour.getTime()}`);
    const quietEnd = new Date(Math.floor((now + 2 * HOUR) / 60_000) * 60_000);
    expect(held.scheduledFor).toEqual(quietEnd);
    // The message is stored before its send job is added: wait for the job, then see it wait for the end.
    const sendJob = await waitFor(() => messaging().getJob(`send-sms-message-${held.id}`), (j) => j !== undefined, "the send job");
    expect(await sendJob!.getState()).toBe("delayed");

    // 1 hour away: quiet hours end after it starts, so no reminder at all.
    const inOne = new Date(now + HOUR + 20_000);
    await unsafeDb.booking.update({ where: { id: late!.id }, data: { startsAt: inOne, endsAt: new Date(inOne.getTime() + HOUR) } });
    await (await messaging().getJob(`booking-reminder-${late!.id}-60m`))!.promote();
    expect((await finishedJob(`booking-reminder-${late!.id}-60m`)).returnvalue).toEqual({ outcome: "skipped", reason: "The lead's quiet hours end after the booking starts." });
  });
});

describe("the signed manage link: cancel and reschedule through the real route handlers", () => {
  it("the link of the confirmation moves the booking to a free time, then cancels it; each change is confirmed", async () => {
    const world = await bookingWorld();
    const lead = await leadOf(world, { email: `m-${randomUUID().slice(0, 8)}@client.example` });
    const start = hourFromNow(40);
    const booking = await world.caller.bookings.create({ userId: world.user.id, leadId: lead.id, startsAt: start, timezone: NEW_YORK });
    const token = manageTokenIn((await messageWithKey(lead.id, `booking:${booking.id}:created:0`)).text);

    const to = new Date(start.getTime() + 3 * HOUR);
    const moved = await rescheduleRoute(new Request("http://localhost:8000/api/public/booking/reschedule", form({ token, startsAt: to.toISOString(), from: "page" })));
    expect(moved.status).toBe(303);
    expect(moved.headers.get("location")).toBe(`/booking/${token}?done=rescheduled`);
    expect(await unsafeDb.booking.findUnique({ where: { id: booking.id } })).toMatchObject({ startsAt: to, endsAt: new Date(to.getTime() + HOUR), sequence: 1 });
    expect((await messageWithKey(lead.id, `booking:${booking.id}:rescheduled:1`)).text).toContain("has moved to");
    await bookingChanged(booking.id, "rescheduled");
    expect((await reminderJobs(booking.id))[1]).toEqual({ state: "delayed", runsAt: new Date(to.getTime() - HOUR) });

    // A time another booking of the member holds: refused, and the page is told which words to show.
    const other = await leadOf(world, { email: `x-${randomUUID().slice(0, 8)}@client.example` });
    const taken = new Date(to.getTime() + 2 * HOUR);
    await world.caller.bookings.create({ userId: world.user.id, leadId: other.id, startsAt: taken, timezone: NEW_YORK });
    const refused = await rescheduleRoute(new Request("http://localhost:8000/api/public/booking/reschedule", form({ token, startsAt: taken.toISOString(), from: "page" })));
    expect(refused.status).toBe(303);
    expect(refused.headers.get("location")).toBe(`/booking/${token}?error=unavailable&step=reschedule`);
    const asJson = await rescheduleRoute(new Request("http://localhost:8000/api/public/booking/reschedule", form({ token, startsAt: taken.toISOString() })));
    expect(asJson.status).toBe(400);
    expect((await asJson.json()).fieldErrors.startsAt[0]).toMatch(/is not a free slot/);

    const cancelled = await cancelRoute(new Request("http://localhost:8000/api/public/booking/cancel", form({ token, from: "page" })));
    expect(cancelled.headers.get("location")).toBe(`/booking/${token}?done=cancelled`);
    expect(await unsafeDb.booking.findUnique({ where: { id: booking.id } })).toMatchObject({ status: "cancelled", sequence: 2 });
    await messageWithKey(lead.id, `booking:${booking.id}:cancelled:2`);
    await bookingChanged(booking.id, "cancelled");
    expect(await reminderJobs(booking.id)).toEqual([null, null]);
    const again = await cancelRoute(new Request("http://localhost:8000/api/public/booking/cancel", form({ token })));
    expect(again.status).toBe(412);
    expect((await again.json()).error).toBe("A cancelled booking cannot be cancelled.");
  });

  it("two leads racing for one free time: one gets it, the other is told it was just booked", async () => {
    const world = await bookingWorld();
    const start = hourFromNow(90);
    const bookings = await Promise.all(
      [0, 1].map(async (i) => {
        const lead = await leadOf(world, { email: `race${i}-${randomUUID().slice(0, 8)}@client.example` });
        return world.caller.bookings.create({ userId: world.user.id, leadId: lead.id, startsAt: new Date(start.getTime() + i * HOUR), timezone: NEW_YORK });
      }),
    );
    const target = new Date(start.getTime() + 5 * HOUR);
    const answers = await Promise.all(
      bookings.map((b) =>
        rescheduleRoute(new Request("http://localhost:8000/api/public/booking/reschedule", form({ token: bookingManageToken(world.subAccountId, b.id, b.endsAt), startsAt: target.toISOString(), from: "page" }))),
      ),
    );
    const locations = answers.map((a) => a.headers.get("location")!.split("?")[1]).sort();
    // The loser either finds the time taken when it checks, or is refused by the overlap constraint when it writes.
    expect(locations[0]).toBe("done=rescheduled");
    expect(locations[1]).toMatch(/^error=(taken|unavailable)&step=reschedule$/);
    expect(await unsafeDb.booking.count({ where: { userId: world.user.id, startsAt: target } })).toBe(1);
  });

  it("a forged, expired or malformed link is refused in words, never a 5xx", async () => {
    const world = await bookingWorld();
    const lead = await leadOf(world, { email: `f-${randomUUID().slice(0, 8)}@client.example` });
    const booking = await world.caller.bookings.create({ userId: world.user.id, leadId: lead.id, startsAt: hourFromNow(20), timezone: NEW_YORK });
    const good = bookingManageToken(world.subAccountId, booking.id, booking.endsAt);
    const forged = `${good.slice(0, -4)}AAAA`;
    const expired = bookingManageToken(world.subAccountId, booking.id, new Date(Date.now() - 1_000));
    const otherBooking = bookingManageToken(world.subAccountId + 1_000_000, booking.id, booking.endsAt);
    for (const [token, words] of [
      [forged, "This link is not valid."],
      [expired, "This link has expired"],
      ["not-a-token", "This link is not valid."],
      [otherBooking, "This booking can no longer be managed online."],
    ] as const) {
      const answer = await cancelRoute(new Request("http://localhost:8000/api/public/booking/cancel", form({ token })));
      expect(answer.status, token).toBeLessThan(500);
      expect(answer.status, token).toBeGreaterThanOrEqual(400);
      expect((await answer.json()).error).toContain(words);
    }
    expect((await unsafeDb.booking.findUnique({ where: { id: booking.id } }))!.status).toBe("pending");
    // A member of the workspace is not needed, and not enough: the link is the only key.
    await createUser({ subAccountId: world.subAccountId });
  });
});

describe("notifications take the one notification path", () => {
  it("an emailed invitation is a NotificationEmail sent on Postmark's transactional stream, with the code and never the password", async () => {
    const world = await bookingWorld();
    const invitee = `invitee-${randomUUID().slice(0, 8)}@client.example`;
    const invitation = await world.caller.invitations.create({ email: invitee, password: "open-sesame-42", maxUses: 1 });
    const sent = await waitFor(async () => postmarkApi.sent.find((e) => e.body.To === invitee), (e) => e !== undefined, "the invitation email");
    expect(sent!.body.MessageStream).toBe("outbound");
    expect(sent!.body.Tag).toBe("invitation");
    expect(sent!.body.TextBody).toContain(invitation.code);
    expect(sent!.raw).not.toContain("open-sesame-42");
    const row = await waitFor(
      () => unsafeDb.notificationEmail.findFirst({ where: { subAccountId: world.subAccountId, kind: "invitation" } }),
      (r) => r?.status === "sent",
      "the invitation recorded as sent",
    );
    expect(row!.toEmail).toBe(invitee);
  });
});

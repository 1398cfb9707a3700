import { describe, expect, it } from "vitest";
import { TRPCError } from "@trpc/server";

const { setUpTestWorker } = await import("../support/worker-harness");
const { unsafeDb } = await import("@/server/db/client");
const { tenantDb } = await import("@/server/db/tenant");
const { getQueue } = await import("@/server/jobs/queues");
const { quietHoursEnd, zoneForLead } = await import("@/server/services/sms/quiet-hours");
const { queueLeadSms } = await import("@/server/services/sms/queue-lead-sms");
const { createUser, createWorkspace, requestContext, signedInCaller } = await import("../support/factories");
const { randomPhone } = await import("./helpers");

setUpTestWorker();

const NIGHT = { enabled: true, start: "21:00", end: "08:00" };
const at = (iso: string) => new Date(iso);

describe("quiet hours on the lead's clock", () => {
  it("delays to 08:00 on the lead's clock across the March change (EST -> EDT): 12:00 UTC, not 13:00", () => {
    // Saturday 13 March 2027, 22:30 EST; the clocks go forward at 02:00 that night.
    expect(quietHoursEnd(at("2027-03-14T03:30:00Z"), "America/New_York", NIGHT)).toEqual(at("2027-03-14T12:00:00Z"));
    // 07:59 EDT the next morning: one minute left.
    expect(quietHoursEnd(at("2027-03-14T11:59:00Z"), "America/New_York", NIGHT)).toEqual(at("2027-03-14T12:00:00Z"));
    expect(quietHoursEnd(at("2027-03-14T12:00:00Z"), "America/New_York", NIGHT)).toBeNull();
  });

  it("delays to 08:00 on the lead's clock across the November change (EDT -> EST): 13:00 UTC, not 12:00", () => {
    // Saturday 6 November 2027, 23:00 EDT; the clocks go back at 02:00 that night.
    expect(quietHoursEnd(at("2027-11-07T03:00:00Z"), "America/New_York", NIGHT)).toEqual(at("2027-11-07T13:00:00Z"));
    // 01:30 happens twice that night; both are quiet and end at the same 08:00 EST.
    expect(quietHoursEnd(at("2027-11-07T05:30:00Z"), "America/New_York", NIGHT)).toEqual(at("2027-11-07T13:00:00Z"));
    expect(quietHoursEnd(at("2027-11-07T06:30:00Z"), "America/New_York", NIGHT)).toEqual(at("2027-11-07T13:00:00Z"));
    expect(quietHoursEnd(at("2027-11-07T12:59:00Z"), "America/New_York", NIGHT)).toEqual(at("2027-11-07T13:00:00Z"));
  });

  it("an end time the clock skips that night moves forward with the clock; a day window and 'off' work too", () => {
    // Quiet 00:00-02:30 in New York on 14 March 2027: 02:30 does not exist, it is 03:30 EDT (07:30 UTC).
    expect(quietHoursEnd(at("2027-03-14T06:00:00Z"), "America/New_York", { enabled: true, start: "00:00", end: "02:30" })).toEqual(at("2027-03-14T07:30:00Z"));
    expect(quietHoursEnd(at("2027-06-01T13:00:00Z"), "Europe/Berlin", { enabled: true, start: "12:00", end: "16:00" })).toEqual(at("2027-06-01T14:00:00Z"));
    expect(quietHoursEnd(at("2027-06-01T03:00:00Z"), "Europe/Berlin", { ...NIGHT, enabled: false })).toBeNull();
    // 23:00 in Berlin is 14:00 in Los Angeles: quiet for one lead, not for the other.
    expect(quietHoursEnd(at("2027-06-01T21:00:00Z"), "Europe/Berlin", NIGHT)).toEqual(at("2027-06-02T06:00:00Z"));
    expect(quietHoursEnd(at("2027-06-01T21:00:00Z"), "America/Los_Angeles", NIGHT)).toBeNull();
  });

  it("uses the workspace's zone when the lead's is unknown", () => {
    expect(zoneForLead(null, "Europe/Berlin")).toBe("Europe/Berlin");
    expect(zoneForLead("Mars/Olympus", "Europe/Berlin")).toBe("Europe/Berlin");
    expect(zoneForLead("Asia/Tokyo", "Europe/Berlin")).toBe("Asia/Tokyo");
  });
});

describe("quiet hours on the send path", () => {
  it("delays an AI send to the end of the lead's quiet hours; a person must confirm first", async () => {
    const ws = await createWorkspace("Quiet", { quietHours: true });
    const admin = await createUser({ subAccountId: ws.id, role: "admin" });
    const { caller } = await signedInCaller({ kind: "user", id: admin.id });
    // Quiet hours around the current minute on a UTC clock.
    const now = new Date();
    const clock = (d: Date) => d.toISOString().slice(11, 16);
    const start = new Date(now.getTime() - 60 * 60_000);
    const end = new Date(now.getTime() + 60 * 60_000);
    await caller.sms.updateSettings({ quietHours: { enabled: true, start: clock(start), end: clock(end) } });
    const lead = await caller.leads.create({ name: "Nia Night", phone: randomPhone(), timezone: "UTC" });

    const refused = await caller.messages.send({ leadId: lead.id, channel: "sms", body: "Late news" }).then(() => null, (e: TRPCError) => e);
    expect(refused?.code).toBe("BAD_REQUEST");
    expect(refused?.message).toMatch(/inside quiet hours .* Confirm to send anyway\./);
    expect(await unsafeDb.message.count({ where: { subAccountId: ws.id } })).toBe(0);

    const confirmed = await caller.messages.send({ leadId: lead.id, channel: "sms", body: "Late news", confirmQuietHours: true });
    expect(confirmed.status).toBe("queued");

    const ctx = { ...requestContext(), account: null, workspace: { id: ws.id, name: ws.name }, db: tenantDb(ws.id), actingAsAdmin: false };
    const ai = await queueLeadSms(ctx, { leadId: lead.id, body: "The AI's answer", origin: "ai" });
    const expectedEnd = new Date(Date.UTC(end.getUTCFullYear(), end.getUTCMonth(), end.getUTCDate(), end.getUTCHours(), end.getUTCMinutes()));
    expect(ai.scheduledFor).toEqual(expectedEnd);
    const job = await getQueue("messaging").getJob(`send-sms-message-${ai.message.id}`);
    expect(await job?.getState()).toBe("delayed");
    expect(job!.opts.delay! / 60_000).toBeGreaterThan(58);
  });
});

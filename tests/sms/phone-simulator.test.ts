import { afterAll, describe, expect, it } from "vitest";

// No Twilio account anywhere: the local driver, and the simulator posting to this file's app routes over HTTP.
const { startRouteServer } = await import("../support/route-server");
const { POST: inboundRoute } = await import("@/app/api/webhooks/twilio/sms/route");
const { POST: statusRoute } = await import("@/app/api/webhooks/twilio/status/route");
const app = await startRouteServer({ "/api/webhooks/twilio/sms": inboundRoute, "/api/webhooks/twilio/status": statusRoute });
for (const name of ["TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_API_URL"]) delete process.env[name];
process.env.PUBLIC_URL = app.url;
const { setUpTestWorker } = await import("../support/worker-harness");
const { resetEnvCache } = await import("@/env");
const { unsafeDb } = await import("@/server/db/client");
const { createUser, createWorkspace, signedInCaller } = await import("../support/factories");
const { randomPhone, waitFor } = await import("./helpers");

setUpTestWorker();
afterAll(() => app.close());

describe("the phone simulator (local SMS driver)", () => {
  it("texts the workspace's number through the signed webhook; a person's reply shows as delivered in the simulated phone", async () => {
    const ws = await createWorkspace("Simulator");
    const admin = await createUser({ subAccountId: ws.id, role: "admin" });
    const { caller } = await signedInCaller({ kind: "user", id: admin.id });
    const number = await caller.sms.addNumber({ phoneNumber: randomPhone() });
    const phone = randomPhone();

    await caller.sms.simulatorSend({ numberId: number.id, from: phone, body: "Is the shop open on Sunday?" });
    // The webhook records and queues; the worker stores the message a moment later.
    const thread = await waitFor(() => caller.sms.simulatorThread({ numberId: number.id, from: phone }), (t) => t.messages.length === 1, "the simulated text stored");
    expect(thread.lead).toMatchObject({ name: phone });
    expect(thread.messages.map((m) => [m.fromLead, m.content])).toEqual([[true, "Is the shop open on Sunday?"]]);
    expect(await unsafeDb.webhookEvent.count({ where: { subAccountId: ws.id, provider: "twilio" } })).toBe(1);

    await caller.messages.send({ leadId: thread.lead!.id, channel: "sms", body: "Yes, 10 to 4." });
    const after = await waitFor(
      () => caller.sms.simulatorThread({ numberId: number.id, from: phone }),
      (t) => t.messages.at(-1)?.status === "delivered",
      "the reply delivered",
    );
    expect(after.messages.map((m) => [m.fromLead, m.content])).toEqual([
      [true, "Is the shop open on Sunday?"],
      [false, "Yes, 10 to 4."],
    ]);
  });

  it("is refused when the server runs a production build without PHONE_SIMULATOR", async () => {
    const ws = await createWorkspace("Simulator off");
    const admin = await createUser({ subAccountId: ws.id, role: "admin" });
    const { caller } = await signedInCaller({ kind: "user", id: admin.id });
    const number = await caller.sms.addNumber({ phoneNumber: randomPhone() });
    Object.assign(process.env, { NODE_ENV: "production" });
    resetEnvCache();
    try {
      await expect(caller.sms.simulatorSend({ numberId: number.id, from: randomPhone(), body: "hi" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    } finally {
      Object.assign(process.env, { NODE_ENV: "test" });
      resetEnvCache();
    }
  });
});

import { describe, expect, it } from "vitest";

// The local model, then this file's own queues with the real worker in this process.
const { local } = await import("../support/local-model");
const { setUpTestWorker } = await import("../support/worker-harness");
const { unsafeDb } = await import("@/server/db/client");
const { getQueue } = await import("@/server/jobs/queues");
const { answerLead } = await import("@/server/agents/answer-lead");
const { requestContext, workspaceJobContext } = await import("../support/factories");
const { NEEDS_HUMAN_MESSAGES } = await import("@/server/agents/run-turn");
const { sweepWaitingMessages } = await import("@/server/agents/waiting-messages");
const { encryptMessageContent } = await import("@/server/services/messages/message-content");
const { agentWorld, messagesOf, settled } = await import("./world");

setUpTestWorker();

/** A lead message stored as it arrives, `minutesAgo`, without its turn queued (as when Redis was down then). */
async function waitingMessage(w: Awaited<ReturnType<typeof agentWorld>>, text: string, minutesAgo: number) {
  return unsafeDb.message.create({
    data: {
      subAccountId: w.subAccountId,
      leadId: w.lead.id,
      role: "lead",
      channel: "web",
      status: "pending",
      content: encryptMessageContent(w.subAccountId, w.lead.id, text),
      createdAt: new Date(Date.now() - minutesAgo * 60_000),
    },
  });
}

const turnJobOf = (w: { subAccountId: number; lead: { id: number } }, messageId: bigint) =>
  getQueue("ai").getJob(`ai-turn-${w.subAccountId}-${w.lead.id}-${messageId}`);

describe("lead messages waiting for the AI never wait forever", () => {
  it("queues again a turn that was never queued, and the lead gets the reply", async () => {
    const w = await agentWorld();
    const message = await waitingMessage(w, "Hi, are you open on Saturdays?", 3);
    local.script({ content: "Yes, from 9 to 1 on Saturdays." });

    const swept = await sweepWaitingMessages(requestContext());
    expect(swept.requeued).toBeGreaterThanOrEqual(1);
    const messages = await settled(w.lead.id);
    expect(messages.map((m) => [m.role, m.status, m.text])).toEqual([
      ["lead", "received", "Hi, are you open on Saturdays?"],
      ["assistant", "sent", "Yes, from 9 to 1 on Saturdays."],
    ]);
    expect(await turnJobOf(w, message.id)).toBeDefined();
    // Sweeping again changes nothing: the message is answered.
    await sweepWaitingMessages(requestContext());
    expect(await messagesOf(w.lead.id)).toHaveLength(2);
  });

  it("leaves a message alone while its strategy's pacing delay and two minutes have not passed", async () => {
    const w = await agentWorld({ delay: [300, 600] });
    const message = await waitingMessage(w, "Any news?", 9);
    await sweepWaitingMessages(requestContext());
    expect(await turnJobOf(w, message.id)).toBeUndefined();
    expect((await unsafeDb.message.findUniqueOrThrow({ where: { id: message.id } })).status).toBe("pending");
  });

  it("hands a message nobody answered for 15 minutes to a person, with the reason, instead of answering it late", async () => {
    const w = await agentWorld();
    const message = await waitingMessage(w, "Hello? Anyone there?", 20);
    await sweepWaitingMessages(requestContext());
    expect(await unsafeDb.message.findUniqueOrThrow({ where: { id: message.id } })).toMatchObject({
      status: "needs_human",
      error: NEEDS_HUMAN_MESSAGES.stale,
    });
    expect(await turnJobOf(w, message.id)).toBeUndefined();
  });

  it("a turn that fails on its last attempt hands the lead's messages to a person; an earlier attempt leaves them for the retry", async () => {
    const w = await agentWorld();
    // A damaged row: the turn cannot decrypt it, so it fails on every attempt.
    const message = await unsafeDb.message.create({
      data: { subAccountId: w.subAccountId, leadId: w.lead.id, role: "lead", channel: "web", status: "pending", content: "v1.damaged.row.x" },
    });
    const attempt = (isFinalAttempt: boolean) => answerLead(workspaceJobContext(w.ctx.workspace, { isFinalAttempt }), { leadId: w.lead.id });

    await expect(attempt(false)).rejects.toThrow();
    expect((await unsafeDb.message.findUniqueOrThrow({ where: { id: message.id } })).status).toBe("pending");
    await expect(attempt(true)).rejects.toThrow();
    expect(await unsafeDb.message.findUniqueOrThrow({ where: { id: message.id } })).toMatchObject({
      status: "needs_human",
      error: NEEDS_HUMAN_MESSAGES.failed,
    });
  });
});

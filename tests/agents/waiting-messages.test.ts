import { randomUUID } from "node:crypto";
import type { Job } from "bullmq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLocalOpenAI } from "../support/openai-server";

// A queue namespace of this file's own, and the model pointed at the local OpenAI-compatible server.
const local = await startLocalOpenAI();
process.env.QUEUE_PREFIX = `test-${randomUUID()}`;
Object.assign(process.env, { OPENAI_API_KEY: "sk-local-test", OPENAI_BASE_URL: local.baseURL, OPENAI_MODEL: "local-model", OPENAI_MAX_RETRIES: "0" });
(await import("@/env")).resetEnvCache();

const { unsafeDb } = await import("@/server/db/client");
const { closeRedis } = await import("@/server/redis/client");
const { closeQueues, getQueue } = await import("@/server/jobs/queues");
const { logger } = await import("@/server/logger");
const { startWorker } = await import("../../worker/start");
const { aiTurnProcessor } = await import("../../worker/processors/ai-turn");
const { seedOnboardingWorkspace } = await import("../../prisma/seed");
const { NEEDS_HUMAN_MESSAGES } = await import("@/server/agents/run-turn");
const { sweepWaitingMessages } = await import("@/server/agents/waiting-messages");
const { encryptMessageContent } = await import("@/server/services/messages/message-content");
const { agentWorld, messagesOf, settled } = await import("./world");

let worker: Awaited<ReturnType<typeof startWorker>>;

beforeAll(async () => {
  await seedOnboardingWorkspace();
  worker = await startWorker({ schedulers: false });
});

afterAll(async () => {
  await worker?.close();
  for (const name of ["default", "messaging", "ai"] as const) await getQueue(name).obliterate({ force: true }).catch(() => {});
  await closeQueues();
  await closeRedis();
  await unsafeDb.$disconnect();
  await local.close();
});

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

    const swept = await sweepWaitingMessages(logger);
    expect(swept.requeued).toBeGreaterThanOrEqual(1);
    const messages = await settled(w.lead.id);
    expect(messages.map((m) => [m.role, m.status, m.text])).toEqual([
      ["lead", "received", "Hi, are you open on Saturdays?"],
      ["assistant", "sent", "Yes, from 9 to 1 on Saturdays."],
    ]);
    expect(await turnJobOf(w, message.id)).toBeDefined();
    // Sweeping again changes nothing: the message is answered.
    await sweepWaitingMessages(logger);
    expect(await messagesOf(w.lead.id)).toHaveLength(2);
  });

  it("leaves a message alone while its strategy's pacing delay and two minutes have not passed", async () => {
    const w = await agentWorld({ delay: [300, 600] });
    const message = await waitingMessage(w, "Any news?", 9);
    await sweepWaitingMessages(logger);
    expect(await turnJobOf(w, message.id)).toBeUndefined();
    expect((await unsafeDb.message.findUniqueOrThrow({ where: { id: message.id } })).status).toBe("pending");
  });

  it("hands a message nobody answered for 15 minutes to a person, with the reason, instead of answering it late", async () => {
    const w = await agentWorld();
    const message = await waitingMessage(w, "Hello? Anyone there?", 20);
    await sweepWaitingMessages(logger);
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
    const payload = { subAccountId: w.subAccountId, leadId: w.lead.id, messageId: message.id.toString() };
    const attempt = (attemptsMade: number) =>
      aiTurnProcessor.run(payload, {
        job: { attemptsMade, opts: { attempts: 5 } } as unknown as Job,
        log: logger,
        reportProgress: () => {},
        workspaceId: null,
      });

    await expect(attempt(0)).rejects.toThrow();
    expect((await unsafeDb.message.findUniqueOrThrow({ where: { id: message.id } })).status).toBe("pending");
    await expect(attempt(4)).rejects.toThrow();
    expect(await unsafeDb.message.findUniqueOrThrow({ where: { id: message.id } })).toMatchObject({
      status: "needs_human",
      error: NEEDS_HUMAN_MESSAGES.failed,
    });
  });
});

import {
  evaluationCaseFieldsSchema,
  evaluationExpectationSchema,
  type EvaluationCheck,
  type EvaluationExpectation,
  type EvaluationResult,
  type EvaluationTranscriptEntry,
} from "@/schemas/strategy-evaluations";
import type { WorkspaceContext, WorkspaceJobContext } from "@/server/context";
import { AppError } from "@/server/errors";
import { NEEDS_HUMAN_MESSAGES, runAiTurn } from "@/server/agents/run-turn";
import type { ToolCallRecord } from "@/server/agents/tools";
import { getChatModel } from "@/server/integrations/openai/model";
import { decryptMessageContent, encryptMessageContent } from "@/server/services/messages/message-content";

interface RunInput {
  strategyId: number;
  /** Whose calendar the pretend leads book into (the member who started the run). */
  ownerId: number | null;
}

const scriptSchema = evaluationCaseFieldsSchema.pick({ leadMessages: true, leadTimezone: true });
const expectationsSchema = evaluationExpectationSchema.array();

/**
 * Plays every scripted conversation of a strategy against the configured model: a pretend lead (on the test
 * channel) sends each scripted message and the real turn engine answers it, tools included. The case's verdict
 * per expectation is stored on the case with the transcript; the pretend lead, its messages and any booking it
 * made are removed afterwards, so the calendar and the lead list are as before.
 */
export async function runStrategyEvaluation(ctx: WorkspaceJobContext, input: RunInput) {
  const strategy = await ctx.db.strategy.findUnique({ where: { id: input.strategyId }, select: { id: true, currentVersion: true } });
  if (!strategy) throw new AppError("NOT_FOUND", "The strategy no longer exists.");
  if (!(await getChatModel(ctx.workspace.id))) throw new AppError("PRECONDITION_FAILED", "No AI model is configured, so the evaluation cannot run.");
  const cases = await ctx.db.strategyEvaluationCase.findMany({ where: { strategyId: strategy.id }, orderBy: { id: "asc" } });

  let passed = 0;
  for (const [index, evaluationCase] of cases.entries()) {
    const result = await playCase(ctx, strategy, evaluationCase, input);
    if (result.passed) passed++;
    await ctx.db.strategyEvaluationCase.update({
      where: { id: evaluationCase.id },
      data: { lastRunAt: new Date(), lastResult: result as unknown as object },
    });
    ctx.reportProgress(Math.round(((index + 1) / cases.length) * 100));
  }
  return { cases: cases.length, passed, failed: cases.length - passed, strategyVersion: strategy.currentVersion };
}

async function playCase(
  ctx: WorkspaceContext,
  strategy: { id: number; currentVersion: number },
  evaluationCase: { id: number; name: string; script: unknown; expectations: unknown },
  input: RunInput,
): Promise<EvaluationResult> {
  const script = scriptSchema.parse(evaluationCase.script);
  const expectations = expectationsSchema.parse(evaluationCase.expectations);
  const lead = await ctx.db.lead.create({
    data: {
      subAccountId: ctx.workspace.id,
      name: `Evaluation: ${evaluationCase.name}`.slice(0, 160),
      source: "evaluation",
      strategyId: strategy.id,
      ownerId: input.ownerId,
      timezone: script.leadTimezone ?? null,
    },
    select: { id: true },
  });
  const transcript: EvaluationTranscriptEntry[] = [];
  const toolCalls: ToolCallRecord[] = [];
  let error: string | undefined;
  let bookingsMade = 0;
  try {
    for (const text of script.leadMessages) {
      transcript.push({ role: "lead", text });
      const sent = await ctx.db.message.create({
        data: {
          subAccountId: ctx.workspace.id,
          leadId: lead.id,
          role: "lead",
          channel: "test",
          status: "pending",
          content: encryptMessageContent(ctx.workspace.id, lead.id, text),
        },
        select: { id: true },
      });
      const outcome = await runAiTurn(ctx, { leadId: lead.id });
      if (outcome.status === "needs_human") {
        error = NEEDS_HUMAN_MESSAGES[outcome.reason];
        transcript.push({ role: "system", text: error });
        break;
      }
      const replies = await ctx.db.message.findMany({
        where: { leadId: lead.id, role: "assistant", id: { gt: sent.id } },
        orderBy: { id: "asc" },
        select: { subAccountId: true, leadId: true, content: true, toolCalls: true },
      });
      for (const reply of replies) {
        const calls = (reply.toolCalls ?? []) as unknown as ToolCallRecord[];
        toolCalls.push(...calls);
        transcript.push({
          role: "assistant",
          text: decryptMessageContent(reply),
          ...(calls.length ? { toolCalls: calls.map((c) => ({ name: c.name, ok: c.ok, arguments: c.arguments, result: c.result })) } : {}),
        });
      }
    }
    bookingsMade = await ctx.db.booking.count({ where: { leadId: lead.id } });
  } finally {
    await removePretendLead(ctx, lead.id);
  }
  const replies = transcript.filter((t) => t.role === "assistant").map((t) => t.text);
  const checks = expectations.map((expectation) => check(expectation, { replies, toolCalls, bookingsMade }));
  return {
    passed: error === undefined && checks.every((c) => c.passed),
    strategyVersion: strategy.currentVersion,
    checks,
    transcript,
    ...(error ? { error } : {}),
  };
}

async function removePretendLead(ctx: WorkspaceContext, leadId: number) {
  await ctx.db.booking.deleteMany({ where: { leadId } });
  await ctx.db.securityIncident.deleteMany({ where: { leadId } });
  await ctx.db.lead.delete({ where: { id: leadId } });
}

function check(
  expectation: EvaluationExpectation,
  seen: { replies: string[]; toolCalls: ToolCallRecord[]; bookingsMade: number },
): EvaluationCheck {
  switch (expectation.kind) {
    case "tool_called": {
      const calls = seen.toolCalls.filter((c) => c.name === expectation.tool);
      const succeeded = calls.filter((c) => c.ok).length;
      return {
        expectation,
        passed: succeeded > 0,
        detail:
          calls.length === 0
            ? `${expectation.tool} was never called.`
            : succeeded > 0
              ? `${expectation.tool} was called ${calls.length} time(s), ${succeeded} succeeded.`
              : `${expectation.tool} was called ${calls.length} time(s) and refused each time.`,
      };
    }
    case "booking_created":
      return {
        expectation,
        passed: seen.bookingsMade > 0,
        detail: seen.bookingsMade > 0 ? `${seen.bookingsMade} booking(s) made.` : "No booking was made.",
      };
    case "phrase_absent": {
      const at = seen.replies.findIndex((r) => r.toLowerCase().includes(expectation.phrase.toLowerCase()));
      return {
        expectation,
        passed: at === -1,
        detail: at === -1 ? `"${expectation.phrase}" never appeared.` : `"${expectation.phrase}" appeared in reply ${at + 1}.`,
      };
    }
    case "phrase_present": {
      const at = seen.replies.findIndex((r) => r.toLowerCase().includes(expectation.phrase.toLowerCase()));
      return {
        expectation,
        passed: at !== -1,
        detail: at !== -1 ? `"${expectation.phrase}" appeared in reply ${at + 1}.` : `"${expectation.phrase}" never appeared.`,
      };
    }
  }
}

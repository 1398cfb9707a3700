import { z } from "zod";
import { timeZoneSchema } from "./auth";
import { idSchema, text } from "./common";

/** The AI receptionist's tools, by the names the model calls them (src/server/agents/tools.ts). */
export const AGENT_TOOL_NAMES = ["check_availability", "book_meeting", "update_lead_details", "update_conversation_state", "handoff_to_human"] as const;

const phrase = text().min(1, "Write the phrase").max(200, "The phrase is too long");

/** What a scripted conversation must show once every lead message has been answered. */
export const evaluationExpectationSchema = z.discriminatedUnion(
  "kind",
  [
    z.strictObject({ kind: z.literal("tool_called"), tool: z.enum(AGENT_TOOL_NAMES, "Choose one of the AI's tools") }),
    z.strictObject({ kind: z.literal("booking_created") }),
    z.strictObject({ kind: z.literal("phrase_absent"), phrase }),
    z.strictObject({ kind: z.literal("phrase_present"), phrase }),
  ],
  "Choose what to expect: a tool call, a booking, or a phrase that must (not) appear",
);
export type EvaluationExpectation = z.infer<typeof evaluationExpectationSchema>;

export const evaluationCaseFieldsSchema = z.object({
  name: text().min(1, "Name the case").max(120, "The name is too long"),
  /** What the pretend lead writes, one message per turn, in order. */
  leadMessages: z
    .array(text().min(1, "A message cannot be empty").max(2_000, "A message is too long"))
    .min(1, "Write at least one lead message")
    .max(20, "At most 20 lead messages"),
  /** The pretend lead's time zone (times are offered on its clock); the calendar owner's when empty. */
  leadTimezone: z.preprocess((v) => (v === "" ? null : v), timeZoneSchema.nullish()),
  expectations: z.array(evaluationExpectationSchema).min(1, "Add at least one expectation").max(20, "At most 20 expectations"),
});

export const createEvaluationCaseSchema = evaluationCaseFieldsSchema.extend({ strategyId: idSchema });
export const updateEvaluationCaseSchema = evaluationCaseFieldsSchema.extend({ id: idSchema });
export const evaluationCaseIdSchema = z.object({ id: idSchema });
export const strategyEvaluationSchema = z.object({ strategyId: idSchema });
export const setEvaluationRequiredSchema = z.object({ strategyId: idSchema, required: z.boolean() });

/** One expectation's verdict, as stored in a case's lastResult. */
export interface EvaluationCheck {
  expectation: EvaluationExpectation;
  passed: boolean;
  detail: string;
}

export interface EvaluationTranscriptEntry {
  role: "lead" | "assistant" | "system";
  text: string;
  toolCalls?: { name: string; ok: boolean; arguments?: unknown; result?: unknown }[];
}

export interface EvaluationResult {
  passed: boolean;
  strategyVersion: number;
  checks: EvaluationCheck[];
  transcript: EvaluationTranscriptEntry[];
  /** Set when the case could not be played to the end (the AI was off, the model failed). */
  error?: string;
}

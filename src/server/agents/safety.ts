import type { IncidentSeverity } from "@/generated/prisma/client";
import type { WorkspaceContext } from "@/server/context";
import { auditInWorkspace } from "@/server/services/audit/record-audit";
import { alertLeadOwner } from "./owner-alert";

/**
 * Prompt-injection detection (a heuristic on the lead's text) and the leak check on replies. A detected attempt is a
 * SecurityIncident; three for one lead within 24 hours pause the AI for that lead and alert its owner.
 */
interface InjectionPattern {
  name: string;
  severity: IncidentSeverity;
  pattern: RegExp;
}

const INJECTION_PATTERNS: InjectionPattern[] = [
  { name: "ignore_instructions", severity: "high", pattern: /\b(ignore|disregard|forget|override)\b[^.!?\n]{0,40}\b(previous|prior|above|earlier|all|your|the|system)\b[^.!?\n]{0,20}\b(instructions?|prompts?|rules|directives|guidelines)\b/i },
  { name: "reveal_prompt", severity: "high", pattern: /\b(reveal|show|print|repeat|output|display|tell me|give me|what (is|are)|share|leak|dump)\b[^.!?\n]{0,40}\b(system prompt|your (instructions|prompt|rules|guidelines|configuration)|initial (prompt|instructions)|hidden (prompt|instructions))\b/i },
  { name: "role_override", severity: "medium", pattern: /\b(you are now|from now on,? you (are|will)|act as|pretend (to be|you are)|roleplay as)\b[^.!?\n]{0,60}\b(unrestricted|jailbroken|dan|developer mode|no (rules|restrictions|limits)|an? (ai|assistant|model) without)\b/i },
  { name: "jailbreak_keyword", severity: "medium", pattern: /\b(jailbreak|developer mode|do anything now|DAN mode)\b/i },
  { name: "fake_system_message", severity: "medium", pattern: /(^|\n)\s*(\[?\s*(system|assistant|developer)\s*\]?\s*:|<\|?(system|im_start)\|?>|###\s*(system|instruction))/i },
];

const SEVERITY_RANK: Record<IncidentSeverity, number> = { low: 0, medium: 1, high: 2, critical: 3 };

export interface InjectionFinding {
  patterns: string[];
  severity: IncidentSeverity;
}

export function detectPromptInjection(text: string): InjectionFinding | null {
  const hits = INJECTION_PATTERNS.filter((p) => p.pattern.test(text));
  if (hits.length === 0) return null;
  const severity = hits.reduce<IncidentSeverity>((worst, h) => (SEVERITY_RANK[h.severity] > SEVERITY_RANK[worst] ? h.severity : worst), "low");
  // Several techniques in one message is a deliberate attack.
  return { patterns: hits.map((h) => h.name), severity: hits.length >= 3 ? "critical" : severity };
}

const LEAK_WINDOW_WORDS = 8;
const words = (text: string) => text.toLowerCase().normalize("NFKC").match(/[\p{L}\p{N}]+/gu) ?? [];

/**
 * True when the reply reproduces the confidential prompt: any run of 8 consecutive words of it, compared on words
 * only (case, punctuation and spacing ignored), so reformatting does not hide a copy.
 */
export function leaksPrompt(reply: string, secretPrompt: string): boolean {
  const replyWords = words(reply);
  if (replyWords.length < LEAK_WINDOW_WORDS) return false;
  const secretWords = words(secretPrompt);
  const windows = new Set<string>();
  for (let i = 0; i + LEAK_WINDOW_WORDS <= secretWords.length; i++) windows.add(secretWords.slice(i, i + LEAK_WINDOW_WORDS).join(" "));
  for (let i = 0; i + LEAK_WINDOW_WORDS <= replyWords.length; i++) {
    if (windows.has(replyWords.slice(i, i + LEAK_WINDOW_WORDS).join(" "))) return true;
  }
  return false;
}

/** Sent instead of a reply that would have revealed the instructions. */
export const LEAK_REPLACEMENT = "Sorry, I can't share that. How can I help you today?";

export const INCIDENTS_BEFORE_PAUSE = 3;
const INCIDENT_WINDOW_MS = 24 * 3_600_000;
export const SECURITY_PAUSE_REASON = "Paused after repeated prompt-injection attempts";

/**
 * Records one incident for the lead; on the third within 24 hours pauses the AI for the lead and alerts its owner
 * (an audit entry addressed to the owner). Returns whether the AI is now paused.
 */
export async function recordSecurityIncident(
  ctx: WorkspaceContext,
  lead: { id: number; ownerId: number | null },
  incident: { type: string; severity: IncidentSeverity; details: Record<string, unknown> },
): Promise<{ paused: boolean }> {
  const created = await ctx.db.securityIncident.create({
    data: { subAccountId: ctx.workspace.id, leadId: lead.id, type: incident.type, severity: incident.severity, details: incident.details as object },
    select: { id: true },
  });
  const recent = await ctx.db.securityIncident.count({
    where: { leadId: lead.id, createdAt: { gte: new Date(Date.now() - INCIDENT_WINDOW_MS) } },
  });
  if (recent < INCIDENTS_BEFORE_PAUSE) return { paused: false };
  const { count } = await ctx.db.lead.updateMany({
    where: { id: lead.id, aiPaused: false },
    data: { aiPaused: true, aiPausedReason: SECURITY_PAUSE_REASON },
  });
  if (count > 0) {
    await auditInWorkspace(ctx, {
      action: "ai.paused_for_security",
      targetType: "Lead",
      targetId: lead.id,
      changes: { notify: lead.ownerId === null ? "workspace_admins" : { userId: lead.ownerId }, incidentsIn24h: recent },
    });
    await alertLeadOwner(ctx, lead, { key: `security-pause:${created.id}`, reason: `${recent} prompt-injection attempts within 24 hours.` });
  }
  return { paused: true };
}

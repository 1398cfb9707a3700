import { createHmac, hkdfSync } from "node:crypto";
import { getEnv } from "@/env";
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

/**
 * The leak check. A reply is compared with the confidential prompt after normalising both to letters and digits
 * (Unicode NFKC, lower case; spacing, punctuation, zero-width and combining characters dropped), in the reply as
 * written and decoded from common encodings (rot13, base64, hex, URL escapes). It leaks when any 40 consecutive
 * letters and digits of the prompt (about eight words) appear, or the strategy's canary token does: a random-looking
 * marker placed in the prompt that no honest reply contains.
 */
export const LEAK_WINDOW_CHARS = 40;

export type LeakForm = "text" | "rot13" | "base64" | "hex" | "url";
export interface LeakFinding {
  found: "canary" | "prompt";
  form: LeakForm;
}

/** Letters and digits only, normalised: "S u n\u200bn y" and "ｓｕｎｎｙ" both become "sunny". */
export function compactText(text: string): string {
  return text.normalize("NFKC").toLowerCase().replace(/[^\p{L}\p{N}]+/gu, "");
}

const rot13 = (text: string) => text.replace(/[a-z]/gi, (c) => String.fromCharCode(((c.charCodeAt(0) & 31) + 12) % 26 + (c.charCodeAt(0) & 96) + 1));
// Base64 blobs of 16+ characters, also wrapped over lines; hex runs of 16+ bytes, with or without separators.
const BASE64_RUN = /[A-Za-z0-9+/_-]{16,}(?:\s+[A-Za-z0-9+/_-]{16,})*(?:\s+[A-Za-z0-9+/_-]+)?={0,2}/g;
const HEX_RUN = /(?:(?:\\x|0x)?[0-9a-f]{2}[\s:,-]?){16,}/gi;

function percentDecoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text.replace(/%([0-9a-f]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  }
}

/** The reply as written and every decoding of it worth comparing. */
function* readings(reply: string): Generator<[LeakForm, string]> {
  yield ["text", reply];
  yield ["rot13", rot13(reply)];
  for (const run of reply.match(BASE64_RUN) ?? []) {
    const blob = run.replace(/\s+/g, "");
    // A blob glued to a word starts off its 4-character grid: every alignment is tried.
    for (let offset = 0; offset < 4; offset++) yield ["base64", Buffer.from(blob.slice(offset), "base64").toString("utf8")];
  }
  for (const run of reply.match(HEX_RUN) ?? []) yield ["hex", Buffer.from(run.replace(/\\x|0x|[^0-9a-f]/gi, ""), "hex").toString("utf8")];
  if (/%[0-9a-f]{2}/i.test(reply)) yield ["url", percentDecoded(reply)];
}

// Windows are compared by a polynomial rolling hash (mod 2^32), then confirmed on the text.
const HASH_BASE = 0x01000193;

function windowHashes(text: string, width: number): Uint32Array {
  const count = text.length - width + 1;
  if (count <= 0) return new Uint32Array(0);
  const hashes = new Uint32Array(count);
  let top = 1;
  for (let i = 1; i < width; i++) top = Math.imul(top, HASH_BASE);
  let h = 0;
  for (let i = 0; i < width; i++) h = (Math.imul(h, HASH_BASE) + text.charCodeAt(i)) | 0;
  hashes[0] = h >>> 0;
  for (let i = width; i < text.length; i++) {
    h = (Math.imul(h - Math.imul(text.charCodeAt(i - width), top), HASH_BASE) + text.charCodeAt(i)) | 0;
    hashes[i - width + 1] = h >>> 0;
  }
  return hashes;
}

function sortedIncludes(sorted: Uint32Array, value: number): boolean {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = sorted[mid]!;
    if (v === value) return true;
    if (v < value) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

/** The prompt prepared for checking many replies: its normalised text, its window hashes and its canary. */
export class PromptLeakGuard {
  private readonly secret: string;
  private readonly windows: Uint32Array;
  private readonly canary: string | null;

  constructor(secretPrompt: string, canary: string | null = null) {
    this.secret = compactText(secretPrompt);
    this.windows = windowHashes(this.secret, LEAK_WINDOW_CHARS).sort();
    this.canary = canary ? compactText(canary) : null;
  }

  /** How the reply leaks the prompt, or null when it does not. */
  check(reply: string): LeakFinding | null {
    for (const [form, reading] of readings(reply)) {
      const text = compactText(reading);
      if (this.canary && text.includes(this.canary)) return { found: "canary", form };
      const hashes = windowHashes(text, LEAK_WINDOW_CHARS);
      for (let i = 0; i < hashes.length; i++) {
        if (sortedIncludes(this.windows, hashes[i]!) && this.secret.includes(text.slice(i, i + LEAK_WINDOW_CHARS))) return { found: "prompt", form };
      }
    }
    return null;
  }
}

const guards = new Map<string, PromptLeakGuard>();
const GUARDS_KEPT = 64;

/** The guard of a prompt and canary, built once while they are in use (turns of one strategy share it). */
export function promptLeakGuard(secretPrompt: string, canary: string | null): PromptLeakGuard {
  const key = `${canary ?? ""}\n${secretPrompt}`;
  let guard = guards.get(key);
  if (guard) {
    guards.delete(key);
  } else {
    guard = new PromptLeakGuard(secretPrompt, canary);
    if (guards.size >= GUARDS_KEPT) guards.delete(guards.keys().next().value!);
  }
  guards.set(key, guard);
  return guard;
}

/** True when the reply reproduces the confidential prompt or its canary, in any form the guard reads. */
export function leaksPrompt(reply: string, secretPrompt: string, canary: string | null = null): boolean {
  return promptLeakGuard(secretPrompt, canary).check(reply) !== null;
}

/**
 * The canary of a workspace's strategy: an HMAC of its ids under a key derived from ENCRYPTION_KEY, so it is stable
 * for the strategy, different for every other one, and cannot be guessed from outside.
 */
export function promptCanary(subAccountId: number, strategyId: number): string {
  const master = getEnv().ENCRYPTION_KEY;
  if (canaryKey?.master !== master) {
    canaryKey = { master, key: Buffer.from(hkdfSync("sha256", Buffer.from(master, "base64"), Buffer.alloc(0), "loctelli prompt-canary v1", 32)) };
  }
  return createHmac("sha256", canaryKey.key).update(`${subAccountId}:${strategyId}`).digest("hex").slice(0, 20);
}
let canaryKey: { master: string; key: Buffer } | undefined;

/** Sent instead of a reply that would have revealed the instructions. */
export const LEAK_REPLACEMENT = "Sorry, I can't share that. How can I help you today?";

export const INCIDENTS_BEFORE_PAUSE = 3;
const INCIDENT_WINDOW_MS = 24 * 3_600_000;
export const SECURITY_PAUSE_REASON = "Paused after repeated prompt-injection attempts";

/**
 * Records one incident for the lead; on the third unresolved one within 24 hours pauses the AI for the lead and alerts its owner
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
    // Incidents a person resolved (the safety console) no longer count.
    where: { leadId: lead.id, resolvedAt: null, createdAt: { gte: new Date(Date.now() - INCIDENT_WINDOW_MS) } },
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

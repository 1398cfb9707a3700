/**
 * How an incident reads on the safety console: its type and techniques in words, and an excerpt of what the lead
 * wrote with contact details and numbers masked (a person judges the attempt, not the lead's data).
 */
export const INCIDENT_TYPE_LABELS: Record<string, string> = {
  prompt_injection: "Prompt injection attempt",
  prompt_leak: "Reply would have revealed the AI's instructions",
};

export const INJECTION_TECHNIQUE_LABELS: Record<string, string> = {
  ignore_instructions: "asked the AI to ignore its instructions",
  reveal_prompt: "asked for the AI's hidden instructions",
  role_override: "tried to give the AI another role",
  jailbreak_keyword: "used jailbreak wording",
  fake_system_message: "posed as a system message",
};

const LEAK_FORM_LABELS: Record<string, string> = {
  text: "as written",
  rot13: "in rot13",
  base64: "in base64",
  hex: "in hex",
  url: "URL-encoded",
};

export const EXCERPT_CHARS = 240;

/** The lead's text with emails, links, phone numbers and long digit runs masked, on one line, cut to EXCERPT_CHARS. */
export function redactExcerpt(text: string): string {
  const masked = text
    .replace(/[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.[\p{L}]{2,}/gu, "[email]")
    .replace(/\b(?:https?:\/\/|www\.)\S+/gi, "[link]")
    .replace(/\+?\d[\d\s().-]{6,}\d/g, "[number]")
    .replace(/\d{4,}/g, "[number]")
    .replace(/\s+/g, " ")
    .trim();
  return masked.length > EXCERPT_CHARS ? `${masked.slice(0, EXCERPT_CHARS - 1)}…` : masked;
}

/** What the incident's details say, in words. */
export function describeIncident(type: string, details: unknown): string {
  const d = (details && typeof details === "object" ? details : {}) as Record<string, unknown>;
  if (type === "prompt_injection") {
    const patterns = Array.isArray(d.patterns) ? d.patterns.filter((p): p is string => typeof p === "string") : [];
    const words = patterns.map((p) => INJECTION_TECHNIQUE_LABELS[p] ?? "used a known attack pattern");
    return words.length ? `The lead's message ${[...new Set(words)].join("; ")}.` : "The lead's message looked like an attack on the AI.";
  }
  if (type === "prompt_leak") {
    const form = typeof d.form === "string" ? (LEAK_FORM_LABELS[d.form] ?? "encoded") : "as written";
    const what = d.found === "canary" ? "the strategy's secret marker" : "part of the confidential instructions";
    return `The AI's reply contained ${what} (${form}); the lead was sent a safe reply instead.`;
  }
  return "A safety rule was triggered.";
}

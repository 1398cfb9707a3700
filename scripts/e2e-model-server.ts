// The model the Playwright journeys talk to: tests/support's local OpenAI-compatible server with a deterministic
// receptionist, started inside the e2e server so the app and the worker reach it through OPENAI_BASE_URL.
import { startLocalOpenAI, type RecordedRequest, type ScriptedReply } from "../tests/support/openai-server";

const LEAD_TIMEZONE = "America/New_York";

/** The next Monday-to-Friday date after today in New York (the demo user's working days), as YYYY-MM-DD. */
export function nextWeekdayInNewYork(now = new Date()): string {
  for (let days = 1; ; days++) {
    const day = new Date(now.getTime() + days * 86_400_000);
    const weekday = new Intl.DateTimeFormat("en-US", { timeZone: LEAD_TIMEZONE, weekday: "short" }).format(day);
    if (weekday !== "Sat" && weekday !== "Sun") return new Intl.DateTimeFormat("en-CA", { timeZone: LEAD_TIMEZONE }).format(day);
  }
}

/**
 * Asked for an appointment, it checks the next weekday's availability and offers the first free time; when the lead
 * says that "works", it books that time and confirms with the time the booking tool returned. Offers are remembered
 * per lead name (the system prompt's "Name:" line).
 */
export function receptionist(): (request: RecordedRequest) => ScriptedReply {
  const offered = new Map<string, string>();
  return (request) => {
    const messages = request.body.messages;
    const last = messages.at(-1)!;
    const lead = messages.find((m) => m.role === "system")?.content?.match(/Name: (.+)/)?.[1] ?? "";
    if (last.role === "tool") {
      const result = JSON.parse(last.content ?? "{}") as { slots?: { startsAt: string; label: string }[]; booked?: boolean; when?: string };
      if (result.slots) {
        const slot = result.slots[0];
        if (!slot) return { content: "Sorry, there is no free time that day. Could another day work?" };
        offered.set(lead, slot.startsAt);
        return { content: `I can offer ${slot.label}. Does that work?` };
      }
      return { content: result.booked ? `You're booked for ${result.when}. See you then!` : "Sorry, that time could not be booked." };
    }
    const text = last.content ?? "";
    if (/appointment/i.test(text)) return { toolCalls: [{ name: "check_availability", arguments: { date: nextWeekdayInNewYork(), days: 1 } }] };
    const slot = offered.get(lead);
    if (/works/i.test(text) && slot) return { toolCalls: [{ name: "book_meeting", arguments: { startsAt: slot } }] };
    return { content: "How can I help you today?" };
  };
}

/** Starts the model and returns the environment that points the app and the worker at it. */
export async function startE2eModelServer() {
  const model = await startLocalOpenAI();
  model.fallback(receptionist());
  return { OPENAI_API_KEY: "e2e-local-model", OPENAI_BASE_URL: model.baseURL, OPENAI_MODEL: "e2e-receptionist" };
}

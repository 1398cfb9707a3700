import { CheckIcon, WrenchIcon, XIcon } from "lucide-react";

import { cn } from "@/lib/utils";

export interface ToolCallView {
  name: string;
  arguments: unknown;
  ok: boolean;
  result: unknown;
}

const TOOL_NAMES: Record<string, string> = {
  check_availability: "Checked availability",
  book_meeting: "Booked a meeting",
  update_lead_details: "Updated lead details",
  update_conversation_state: "Updated conversation state",
  handoff_to_human: "Handed off to a person",
};

const asRecord = (value: unknown): Record<string, unknown> => (value && typeof value === "object" ? (value as Record<string, unknown>) : {});

/** The one line that matters about a call: the booked time, how many slots were offered, what was saved, or the refusal. */
export function describeToolCall(call: ToolCallView): string {
  const args = asRecord(call.arguments);
  const result = asRecord(call.result);
  if (!call.ok) return typeof result.error === "string" ? result.error : "Refused";
  switch (call.name) {
    case "check_availability": {
      const slots = Array.isArray(result.slots) ? (result.slots as { label?: string }[]) : [];
      const from = typeof args.date === "string" ? ` from ${args.date}` : "";
      if (slots.length === 0) return `No free times${from}`;
      return `${slots.length}${result.more ? "+" : ""} free time${slots.length === 1 ? "" : "s"}${from}, first ${slots[0]?.label ?? "?"}`;
    }
    case "book_meeting":
      return `${typeof result.when === "string" ? result.when : String(args.startsAt ?? "")}${typeof result.with === "string" ? ` with ${result.with}` : ""}`;
    case "update_lead_details":
      return Array.isArray(result.saved) ? `Saved ${(result.saved as string[]).join(", ")}` : "Saved";
    case "update_conversation_state":
      return Object.keys(args).join(", ") || "State saved";
    case "handoff_to_human":
      return typeof args.reason === "string" ? args.reason : "";
    default:
      return "";
  }
}

/** Tool calls of one AI message, one compact line each: what the tool did, whether it worked, and the key detail. */
export function ToolCalls({ calls, className }: { calls: ToolCallView[]; className?: string }) {
  if (calls.length === 0) return null;
  return (
    <ul aria-label="Tool calls" className={cn("grid gap-1", className)}>
      {calls.map((call, index) => {
        const detail = describeToolCall(call);
        return (
          <li
            key={index}
            data-testid="tool-call"
            data-tool={call.name}
            className={cn(
              "flex items-start gap-1.5 rounded-md border bg-background/80 px-2 py-1 text-xs",
              call.ok ? "text-foreground" : "border-destructive/40 text-destructive",
            )}
          >
            <WrenchIcon className="mt-0.5 size-3 shrink-0 text-muted-foreground" aria-hidden="true" />
            <span className="min-w-0">
              <span className="font-medium">{Object.hasOwn(TOOL_NAMES, call.name) ? TOOL_NAMES[call.name] : call.name}</span>
              {call.ok ? (
                <CheckIcon className="ml-1 inline size-3 text-success" aria-label="succeeded" />
              ) : (
                <XIcon className="ml-1 inline size-3" aria-label="failed" />
              )}
              {detail ? <span className="block break-words text-muted-foreground">{detail}</span> : null}
            </span>
          </li>
        );
      })}
    </ul>
  );
}

import type { ReactNode } from "react";

import { Badge } from "@/components/ui/badge";
import { ZonedTime, useViewerTime } from "@/features/crm/viewer-zone";
import { cn } from "@/lib/utils";
import { MessageAttachments, type AttachmentView } from "./message-attachments";
import { ToolCalls, type ToolCallView } from "./tool-calls";

export interface BubbleMessage {
  id: number;
  role: string;
  content: string | null;
  status: string;
  error?: string | null;
  channel?: string;
  subject?: string | null;
  toolCalls?: ToolCallView[];
  attachments?: AttachmentView[];
  skippedAttachments?: { name: string; reason: string }[];
  createdAt: Date | string;
}

const AUTHOR: Record<string, string> = { lead: "Lead", assistant: "AI", human: "Person", system: "Note", tool: "Tool" };

/** Statuses worth a word next to a message (a sent or received message needs none). */
const STATUS: Record<string, { label: string; variant: "secondary" | "destructive" | "outline" }> = {
  pending: { label: "Waiting for the AI", variant: "secondary" },
  queued: { label: "Sending", variant: "secondary" },
  sending: { label: "Sending", variant: "secondary" },
  undelivered: { label: "Not delivered", variant: "destructive" },
  needs_human: { label: "Needs a person", variant: "destructive" },
  failed: { label: "Failed", variant: "destructive" },
  delivered: { label: "Delivered", variant: "outline" },
};

/** One message: the lead on the left, the AI and people on the right, with its status, tool calls and error. */
export function MessageBubble({
  message,
  leadName,
  leadZone,
  children,
}: {
  message: BubbleMessage;
  leadName?: string;
  /** The lead's zone: its clock is shown beside the time when it differs from the viewer's. */
  leadZone?: string | null;
  children?: ReactNode;
}) {
  const fromLead = message.role === "lead";
  const author = fromLead && leadName ? leadName : (AUTHOR[message.role] ?? message.role);
  const status = STATUS[message.status];
  const time = useViewerTime();
  return (
    <li
      data-testid="chat-message"
      data-role={message.role}
      aria-label={`${author}, ${time.dateTime(message.createdAt)}`}
      className={cn("flex flex-col gap-1", fromLead ? "items-start" : "items-end")}
    >
      <div
        className={cn(
          "max-w-[85%] rounded-2xl px-3 py-2 text-sm",
          fromLead && "rounded-bl-sm bg-muted",
          message.role === "assistant" && "rounded-br-sm bg-primary/10",
          message.role === "human" && "rounded-br-sm bg-secondary",
          (message.role === "system" || message.role === "tool") && "bg-transparent text-xs text-muted-foreground italic",
        )}
      >
        {message.subject ? <p className="mb-1 font-medium">{message.subject}</p> : null}
        {message.content === null ? (
          <p className="text-muted-foreground italic">This message cannot be read.</p>
        ) : message.content ? (
          <p className="break-words whitespace-pre-wrap">{message.content}</p>
        ) : null}
        {message.toolCalls?.length ? <ToolCalls calls={message.toolCalls} className="mt-2" /> : null}
        {message.attachments?.length || message.skippedAttachments?.length ? (
          <MessageAttachments messageId={message.id} attachments={message.attachments ?? []} skipped={message.skippedAttachments ?? []} />
        ) : null}
        {children}
      </div>
      <div className="flex flex-wrap items-center gap-1.5 px-1 text-xs text-muted-foreground">
        <span>{author}</span>
        <span aria-hidden="true">·</span>
        <ZonedTime value={message.createdAt} leadZone={leadZone} />
        {message.channel && message.channel !== "test" ? <span className="uppercase">{message.channel}</span> : null}
        {status ? <Badge variant={status.variant}>{status.label}</Badge> : null}
      </div>
      {message.error ? <p className="max-w-[85%] px-1 text-xs text-destructive">{message.error}</p> : null}
    </li>
  );
}

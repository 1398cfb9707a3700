"use client";

import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { SendIcon } from "lucide-react";

import { EMAIL_MAX_CHARS, SMS_MAX_CHARS, SUBJECT_MAX_CHARS, WEB_MAX_CHARS, type SendChannel } from "@/schemas/messages";
import { useTRPC } from "@/trpc/react";
import { FormError } from "@/components/forms/form-error";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Textarea } from "@/components/ui/textarea";
import { SmsSegmentHint } from "@/features/messages/sms-segment-hint";

const CHANNEL_LABELS: Record<SendChannel, string> = { sms: "SMS", email: "Email", web: "Web chat" };
const CHANNEL_LIMITS: Record<SendChannel, number> = { sms: SMS_MAX_CHARS, email: EMAIL_MAX_CHARS, web: WEB_MAX_CHARS };
/** Leads the website chat made (services/widget/visitor-chat.ts): a person may answer in the visitor's chat window. */
const WEB_CHAT_SOURCE = "web_chat";

/**
 * A person's message to the lead over a channel the lead can be reached on (SMS with a phone, email with an email
 * address, web chat for a visitor of the website chat, shown live in their chat window; first for them, as that is
 * where they wrote); the first message starts the conversation. A saved template can fill the text in for this lead (merge
 * fields rendered by the server); an SMS shows its text-message count as you type. One idempotency key per compose:
 * a double submit sends once.
 */
export function MessageComposer({
  lead,
  onSent,
}: {
  lead: { id: number; phone: string | null; email: string | null; source?: string | null; archivedAt: Date | string | null };
  onSent: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const send = useMutation(trpc.messages.send.mutationOptions());
  const templates = useQuery(trpc.messageTemplates.list.queryOptions());
  const [templateId, setTemplateId] = useState("");
  const channels = (["web", "sms", "email"] as const).filter((c) => (c === "web" ? lead.source === WEB_CHAT_SOURCE : c === "sms" ? !!lead.phone : !!lead.email));
  const [channel, setChannel] = useState<SendChannel | undefined>(channels[0]);
  const [subject, setSubject] = useState("");
  const [body, setBody] = useState("");
  const [idempotencyKey, setIdempotencyKey] = useState(() => crypto.randomUUID());
  const [error, setError] = useState<string>();
  // The server's quiet-hours warning (the lead's local time) while a person decides whether to send anyway.
  const [quietHoursWarning, setQuietHoursWarning] = useState<string>();

  if (lead.archivedAt) {
    return <p className="border-t pt-4 text-sm text-muted-foreground">This lead is archived; restore it to send a message.</p>;
  }
  if (!channel) {
    return <p className="border-t pt-4 text-sm text-muted-foreground">This lead has no phone or email yet; add one to send a message.</p>;
  }
  const limit = CHANNEL_LIMITS[channel];

  async function applyTemplate(id: string) {
    setTemplateId(id);
    try {
      const rendered = await queryClient.fetchQuery(trpc.messageTemplates.render.queryOptions({ id: Number(id), leadId: lead.id }));
      setBody(rendered.body);
      setError(undefined);
    } catch (e) {
      setError(`The template could not be used: ${(e as Error).message}`);
    }
  }

  async function submit(event: React.FormEvent, confirmQuietHours = false) {
    event.preventDefault();
    if (!channel) return;
    if (!body.trim()) return setError("Write a message first.");
    if (channel === "email" && !subject.trim()) return setError("An email needs a subject.");
    setError(undefined);
    setQuietHoursWarning(undefined);
    try {
      await send.mutateAsync({
        leadId: lead.id,
        channel,
        body,
        subject: channel === "email" ? subject : undefined,
        idempotencyKey,
        ...(confirmQuietHours ? { confirmQuietHours: true } : {}),
      });
    } catch (e) {
      const warning = (e as { data?: { zodError?: { fieldErrors?: Record<string, string[]> } } }).data?.zodError?.fieldErrors?.confirmQuietHours?.[0];
      if (warning) setQuietHoursWarning(warning);
      else setError(`The message was not sent: ${(e as Error).message}`);
      return;
    }
    setBody("");
    setSubject("");
    setTemplateId("");
    setIdempotencyKey(crypto.randomUUID());
    onSent();
  }

  return (
    <form onSubmit={(e) => void submit(e)} className="grid gap-2 border-t pt-4" aria-label="Send a message">
      <div className="flex flex-wrap items-end gap-2">
        <div className="grid gap-1">
          <Label htmlFor="composer-channel">Channel</Label>
          <Select value={channel} onValueChange={(v) => setChannel(v as SendChannel)}>
            <SelectTrigger id="composer-channel" className="w-32">
              <SelectValue />
            </SelectTrigger>
            <SelectContent>
              {channels.map((c) => (
                <SelectItem key={c} value={c}>
                  {CHANNEL_LABELS[c]}
                </SelectItem>
              ))}
            </SelectContent>
          </Select>
        </div>
        {templates.data && templates.data.length > 0 ? (
          <div className="grid gap-1">
            <Label htmlFor="composer-template">Template</Label>
            <Select value={templateId} onValueChange={(v) => void applyTemplate(v)}>
              <SelectTrigger id="composer-template" className="w-48">
                <SelectValue placeholder="Start from a template" />
              </SelectTrigger>
              <SelectContent>
                {templates.data.map((t) => (
                  <SelectItem key={t.id} value={String(t.id)}>
                    {t.name}
                  </SelectItem>
                ))}
              </SelectContent>
            </Select>
          </div>
        ) : null}
        {channel === "email" ? (
          <div className="grid min-w-48 flex-1 gap-1">
            <Label htmlFor="composer-subject">Subject</Label>
            <Input id="composer-subject" value={subject} maxLength={SUBJECT_MAX_CHARS} onChange={(e) => setSubject(e.target.value)} />
          </div>
        ) : null}
      </div>
      <Label htmlFor="composer-body">Message</Label>
      <Textarea id="composer-body" rows={3} value={body} maxLength={limit} onChange={(e) => setBody(e.target.value)} />
      <p className="text-xs text-muted-foreground">
        {body.length} / {limit} characters · {channel === "web" ? "shown in the visitor's chat window on your website" : `sent to ${channel === "sms" ? lead.phone : lead.email}`}
      </p>
      {channel === "sms" ? <SmsSegmentHint text={body} /> : null}
      <FormError message={error} />
      {quietHoursWarning ? (
        <div role="alert" className="flex flex-wrap items-center justify-between gap-2 rounded-md border border-amber-300 bg-amber-50 p-2 text-sm text-amber-950">
          <span>{quietHoursWarning}</span>
          <Button type="button" size="sm" variant="outline" disabled={send.isPending} onClick={(e) => void submit(e, true)}>
            Send anyway
          </Button>
        </div>
      ) : null}
      <div className="flex justify-end">
        <Button type="submit" disabled={send.isPending}>
          <SendIcon aria-hidden="true" />
          {send.isPending ? "Sending…" : "Send"}
        </Button>
      </div>
    </form>
  );
}

"use client";

import { useState, type FormEvent } from "react";
import { useMutation, useQuery } from "@tanstack/react-query";

import { useTRPC } from "@/trpc/react";
import { QueryError } from "@/components/data/query-error";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Skeleton } from "@/components/ui/skeleton";
import { Textarea } from "@/components/ui/textarea";
import { formatTime } from "@/lib/time";
import { cn } from "@/lib/utils";

const STATUS_TEXT: Record<string, string> = {
  queued: "Queued",
  sending: "Sending",
  sent: "Sent",
  delivered: "Delivered",
  undelivered: "Not delivered",
  failed: "Failed",
};

/**
 * A pretend phone: the person texts one of the workspace's numbers as a lead would and reads the replies. The text
 * goes through the real SMS webhook, so the inbox, the AI and consent keywords behave exactly as with a real phone.
 */
export function PhoneSimulator({ timeZone }: { timeZone: string }) {
  const trpc = useTRPC();
  const numbers = useQuery(trpc.sms.numbers.queryOptions());
  const [numberId, setNumberId] = useState<number | null>(null);
  const [from, setFrom] = useState("+14155550123");
  const [body, setBody] = useState("");
  const chosen = numberId ?? numbers.data?.find((n) => n.phoneNumber)?.id ?? null;
  const thread = useQuery({
    ...trpc.sms.simulatorThread.queryOptions({ numberId: chosen ?? 0, from }),
    enabled: chosen !== null && from.trim().length > 5,
    refetchInterval: 1_500,
  });
  const send = useMutation(trpc.sms.simulatorSend.mutationOptions({ onSuccess: () => (setBody(""), void thread.refetch()) }));

  if (numbers.isPending) return <Skeleton className="h-64 w-full max-w-md" />;
  if (numbers.isError) return <QueryError what="The numbers" error={numbers.error} />;
  const phoneNumbers = numbers.data.filter((n) => n.phoneNumber);
  if (phoneNumbers.length === 0) {
    return <p className="text-sm text-muted-foreground">Add a phone number in Settings › SMS first; the simulator texts it.</p>;
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    if (chosen !== null) send.mutate({ numberId: chosen, from, body });
  }

  return (
    <div className="grid w-full max-w-md gap-4">
      <div className="grid gap-3 sm:grid-cols-2">
        <FormField id="simulator-to" label="Text this number">
          <select className="h-9 rounded-md border bg-background px-2 text-sm" value={chosen ?? ""} onChange={(e) => setNumberId(Number(e.target.value))}>
            {phoneNumbers.map((n) => (
              <option key={n.id} value={n.id}>
                {n.phoneNumber}
                {n.label ? ` (${n.label})` : ""}
              </option>
            ))}
          </select>
        </FormField>
        <FormField id="simulator-from" label="From your pretend phone">
          <Input value={from} onChange={(e) => setFrom(e.target.value)} inputMode="tel" />
        </FormField>
      </div>
      <section aria-label="Conversation" className="grid min-h-48 content-start gap-2 rounded-xl border bg-muted/30 p-3">
        {thread.data?.messages.length ? null : <p className="text-sm text-muted-foreground">No messages yet.</p>}
        {thread.data?.messages.map((m) => (
          <div key={m.id} className={cn("grid max-w-[85%] gap-0.5", m.fromLead ? "justify-self-end text-right" : "justify-self-start")}>
            <p className={cn("rounded-2xl px-3 py-2 text-sm whitespace-pre-wrap", m.fromLead ? "bg-primary text-primary-foreground" : "bg-background border")}>
              {m.content ?? "(unreadable)"}
            </p>
            <span className="text-xs text-muted-foreground">
              {formatTime(new Date(m.createdAt), timeZone)}
              {m.fromLead ? "" : ` · ${STATUS_TEXT[m.status] ?? "Waiting"}`}
            </span>
          </div>
        ))}
      </section>
      <form onSubmit={submit} className="grid gap-2" noValidate>
        <FormField id="simulator-body" label="Message">
          <Textarea rows={2} value={body} onChange={(e) => setBody(e.target.value)} />
        </FormField>
        {send.error ? (
          <Alert variant="destructive">
            <AlertDescription>{send.error.message}</AlertDescription>
          </Alert>
        ) : null}
        <div>
          <Button type="submit" disabled={send.isPending || !body.trim()}>
            Send text
          </Button>
        </div>
      </form>
    </div>
  );
}

"use client";

import { useEffect, useRef, useState } from "react";
import Link from "next/link";
import { useMutation, useQuery } from "@tanstack/react-query";
import { ArrowLeftIcon, BotIcon, RotateCcwIcon, SendIcon } from "lucide-react";

import { MESSAGE_MAX_CHARS } from "@/schemas/chat";
import { useTRPC } from "@/trpc/react";
import { EmptyState } from "@/components/empty-state";
import { QueryError } from "@/components/data/query-error";
import { FormError } from "@/components/forms/form-error";
import { PageHeader } from "@/components/page-header";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent } from "@/components/ui/card";
import { Label } from "@/components/ui/label";
import { Skeleton } from "@/components/ui/skeleton";
import { Textarea } from "@/components/ui/textarea";
import { MessageBubble } from "@/features/messages/message-bubble";
import { AiStatusNotice } from "@/features/ai-model/ai-status-notice";

const POLL_MS = 1_000;

type Session = { leadId: number; leadName: string; timezone: string | null; aiConfigured: boolean };

/**
 * Talk to a strategy as a pretend lead. The first message starts a test chat (a pretend lead on this strategy); the
 * transcript is polled while a message waits for the AI, and each AI reply shows the tools it used.
 */
export function TestChat({ strategyId }: { strategyId: number }) {
  const trpc = useTRPC();
  const strategy = useQuery(trpc.strategies.get.queryOptions({ id: strategyId }));
  const start = useMutation(trpc.chat.testStart.mutationOptions());
  const send = useMutation(trpc.chat.testSend.mutationOptions());
  const [session, setSession] = useState<Session>();
  const [draft, setDraft] = useState("");
  const [error, setError] = useState<string>();
  // The id of the last message sent: until the transcript shows it answered (no longer pending), keep polling.
  const [sentId, setSentId] = useState<number>();

  const transcript = useQuery(
    trpc.chat.testTranscript.queryOptions(
      { leadId: session?.leadId ?? 0 },
      {
        enabled: !!session,
        refetchInterval: (query) => {
          const data = query.state.data;
          const sent = data?.messages.find((m) => m.id === sentId);
          return data?.waiting || (sentId !== undefined && !sent) ? POLL_MS : false;
        },
      },
    ),
  );
  const messages = session ? (transcript.data?.messages ?? []) : [];
  const sent = messages.find((m) => m.id === sentId);
  const thinking = sentId !== undefined && (!sent || sent.status === "pending");

  const endRef = useRef<HTMLDivElement>(null);
  // A block body: scrollIntoView returns a Promise in recent Chromium, and an effect must return nothing or a cleanup.
  useEffect(() => {
    endRef.current?.scrollIntoView({ block: "nearest" });
  }, [messages.length]);

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    const content = draft.trim();
    if (!content) {
      setError("Write a message first.");
      return;
    }
    setError(undefined);
    try {
      let current = session;
      if (!current) {
        const started = await start.mutateAsync({ strategyId });
        current = { leadId: started.leadId, leadName: started.leadName, timezone: started.timezone, aiConfigured: started.aiConfigured };
        setSession(current);
      }
      const stored = await send.mutateAsync({ leadId: current.leadId, content });
      setDraft("");
      setSentId(Number(stored.id));
      if (session) void transcript.refetch();
    } catch (e) {
      setError(`The message was not sent: ${(e as Error).message}`);
    }
  }

  function restart() {
    setSession(undefined);
    setSentId(undefined);
    setDraft("");
    setError(undefined);
  }

  const busy = start.isPending || send.isPending;

  return (
    <>
      <Button asChild variant="ghost" size="sm" className="mb-4 -ml-3">
        <Link href={`/strategies/${strategyId}`}>
          <ArrowLeftIcon aria-hidden="true" />
          Back to the strategy
        </Link>
      </Button>
      <PageHeader
        title={strategy.data ? `Test chat: ${strategy.data.name}` : "Test chat"}
        description="Talk to this strategy as a pretend lead. Tools run for real: a booked meeting lands on the calendar."
        actions={
          session ? (
            <Button variant="outline" onClick={restart}>
              <RotateCcwIcon aria-hidden="true" />
              New conversation
            </Button>
          ) : null
        }
      />
      {strategy.isError ? <QueryError what="This strategy" error={strategy.error} /> : null}
      <Card className="mx-auto max-w-3xl">
        <CardContent className="grid gap-4 pt-6">
          <AiStatusNotice showWhenOn />
          {transcript.data && !transcript.data.ai.enabled ? (
            <Alert>
              <AlertDescription>The AI is paused for this conversation: {transcript.data.ai.pausedReason ?? "a person took over"}.</AlertDescription>
            </Alert>
          ) : null}
          <section aria-label="Test conversation" aria-live="polite" className="grid min-h-72 content-start gap-3">
            {!session ? (
              <EmptyState icon={BotIcon} title="Start a conversation" className="border-none py-10">
                Write as a lead would, for example “Hi, I’d like an appointment”.
              </EmptyState>
            ) : transcript.isPending ? (
              <Skeleton className="h-24 w-full" role="status" aria-label="Loading the conversation" />
            ) : transcript.isError ? (
              <QueryError what="The conversation" error={transcript.error} />
            ) : (
              <ol className="grid gap-3">
                {messages.map((message) => (
                  <MessageBubble key={message.id} message={message} leadName="You" />
                ))}
              </ol>
            )}
            {thinking ? (
              <p role="status" className="text-sm text-muted-foreground">
                The AI is replying…
              </p>
            ) : null}
            <div ref={endRef} />
          </section>
          <form onSubmit={(e) => void submit(e)} className="grid gap-2 border-t pt-4">
            <Label htmlFor="test-chat-message">Your message</Label>
            <Textarea
              id="test-chat-message"
              value={draft}
              maxLength={MESSAGE_MAX_CHARS}
              rows={2}
              placeholder="Hi, I'd like an appointment…"
              onChange={(e) => setDraft(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === "Enter" && !e.shiftKey) {
                  e.preventDefault();
                  e.currentTarget.form?.requestSubmit();
                }
              }}
            />
            <FormError message={error} />
            <div className="flex justify-end">
              <Button type="submit" disabled={busy}>
                <SendIcon aria-hidden="true" />
                {busy ? "Sending…" : "Send"}
              </Button>
            </div>
          </form>
        </CardContent>
      </Card>
    </>
  );
}

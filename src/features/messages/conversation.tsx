"use client";

import { useState } from "react";
import Link from "next/link";
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { MessageSquareIcon } from "lucide-react";

import { useTRPC } from "@/trpc/react";
import { EmptyState } from "@/components/empty-state";
import { QueryError } from "@/components/data/query-error";
import { FormError } from "@/components/forms/form-error";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Label } from "@/components/ui/label";
import { Skeleton } from "@/components/ui/skeleton";
import { Switch } from "@/components/ui/switch";
import { zoneDisplayName } from "@/lib/time";
import { MessageBubble } from "./message-bubble";
import { MessageComposer } from "./message-composer";

/** One lead's conversation: the AI switch with why it is off, the messages (oldest at the top), and a composer. */
export function Conversation({
  leadId,
  pausedReason: listedReason,
  refreshMs,
}: {
  leadId: number;
  pausedReason?: string | null;
  /** The inbox refetches on live events; this is its fallback polling interval. */
  refreshMs: number;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const lead = useQuery(trpc.leads.get.queryOptions({ id: leadId }, { refetchInterval: refreshMs }));
  const messages = useInfiniteQuery(
    trpc.messages.list.infiniteQueryOptions(
      { leadId, limit: 50 },
      { getNextPageParam: (page) => page.nextCursor ?? undefined, refetchInterval: refreshMs },
    ),
  );
  const setAi = useMutation(trpc.chat.setAi.mutationOptions());
  const [aiError, setAiError] = useState<string>();

  async function toggleAi(enabled: boolean) {
    setAiError(undefined);
    try {
      await setAi.mutateAsync({ leadId, enabled });
    } catch (e) {
      setAiError(`The AI was not turned ${enabled ? "on" : "off"}: ${(e as Error).message}`);
    }
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.leads.get.queryKey({ id: leadId }) }),
      queryClient.invalidateQueries({ queryKey: trpc.chat.inbox.pathKey() }),
    ]);
  }

  if (lead.isPending) {
    return <Skeleton className="h-96 w-full" role="status" aria-label="Loading the conversation" />;
  }
  if (lead.isError) return <QueryError what="This conversation" error={lead.error} />;

  const aiEnabled = !lead.data.aiPaused;
  // Why the AI is off comes with the inbox row (the lead itself does not carry it).
  const pausedReason = setAi.data && !setAi.data.enabled ? setAi.data.pausedReason : listedReason;
  const items = [...(messages.data?.pages.flatMap((page) => page.items) ?? [])].reverse();

  return (
    <Card aria-label={`Conversation with ${lead.data.name}`} role="region">
      <CardHeader className="flex flex-row flex-wrap items-start justify-between gap-3 border-b pb-4">
        <div className="grid gap-1">
          <CardTitle>
            <Link href={`/leads/${leadId}`} className="hover:underline">
              {lead.data.name}
            </Link>
          </CardTitle>
          <p className="text-sm text-muted-foreground">{[lead.data.phone, lead.data.email].filter(Boolean).join(" · ") || "No phone or email"}</p>
          {lead.data.timezone ? (
            <p className="text-xs text-muted-foreground" data-testid="lead-zone">
              Lead&apos;s time zone: {zoneDisplayName(lead.data.timezone)}
            </p>
          ) : null}
        </div>
        <div className="grid justify-items-end gap-1">
          <div className="flex items-center gap-2">
            <Switch id="lead-ai" checked={aiEnabled} disabled={setAi.isPending} onCheckedChange={(checked) => void toggleAi(checked)} />
            <Label htmlFor="lead-ai">AI replies</Label>
          </div>
          {!aiEnabled ? (
            <p className="max-w-xs text-right text-xs text-muted-foreground" data-testid="ai-paused-reason">
              {pausedReason ?? "The AI is off for this lead."}
            </p>
          ) : null}
        </div>
      </CardHeader>
      <CardContent className="grid gap-4 pt-4">
        <FormError message={aiError} />
        <section aria-label="Messages" className="grid max-h-[32rem] content-start gap-3 overflow-y-auto">
          {messages.hasNextPage ? (
            <div className="flex justify-center">
              <Button variant="ghost" size="sm" disabled={messages.isFetchingNextPage} onClick={() => void messages.fetchNextPage()}>
                Load older messages
              </Button>
            </div>
          ) : null}
          {messages.isPending ? (
            <Skeleton className="h-32 w-full" role="status" aria-label="Loading messages" />
          ) : messages.isError ? (
            <QueryError what="The messages" error={messages.error} />
          ) : items.length === 0 ? (
            <EmptyState icon={MessageSquareIcon} title="No messages yet" className="border-none py-8">
              Write the first message below.
            </EmptyState>
          ) : (
            <ol className="grid gap-3">
              {items.map((message) => (
                <MessageBubble
                  key={message.id}
                  message={message}
                  leadName={lead.data.name}
                  leadZone={lead.data.timezone}
                />
              ))}
            </ol>
          )}
        </section>
        <MessageComposer
          lead={lead.data}
          onSent={() => {
            void queryClient.invalidateQueries({ queryKey: trpc.messages.list.pathKey() });
            void queryClient.invalidateQueries({ queryKey: trpc.chat.inbox.pathKey() });
          }}
        />
      </CardContent>
    </Card>
  );
}

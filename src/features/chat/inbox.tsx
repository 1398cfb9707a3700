"use client";

import { useInfiniteQuery, useQueryClient } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import { InboxIcon } from "lucide-react";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useState } from "react";

import { useTRPC } from "@/trpc/react";
import { EmptyState } from "@/components/empty-state";
import { LoadMore } from "@/components/data/load-more";
import { QueryError } from "@/components/data/query-error";
import { Badge } from "@/components/ui/badge";
import { Checkbox } from "@/components/ui/checkbox";
import { Label } from "@/components/ui/label";
import { Skeleton } from "@/components/ui/skeleton";
import type { RouterOutputs } from "@/lib/api-types";
import { ZonedTime } from "@/features/crm/viewer-zone";
import { cn } from "@/lib/utils";
import { Conversation } from "@/features/messages/conversation";
import { NewConversation } from "./new-conversation";

/**
 * The inbox listens to chat.events (server-sent events) and refetches what an event names; polling stays as a safety
 * net, slow while the event stream is connected and every 3 s while it is not.
 */
const LIVE_REFRESH_MS = 60_000;
const POLL_REFRESH_MS = 3_000;

type InboxItem = RouterOutputs["chat"]["inbox"]["items"][number];

const AUTHOR: Record<string, string> = { lead: "", assistant: "AI: ", human: "You: " };

/** Conversations (newest activity first) on the left, the chosen one (`?lead=`) on the right. */
export function Inbox() {
  const trpc = useTRPC();
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const selected = Number(searchParams.get("lead")) || null;
  const [waitingOnly, setWaitingOnly] = useState(false);
  const queryClient = useQueryClient();
  const events = useSubscription(
    trpc.chat.events.subscriptionOptions(undefined, {
      onData: (event) => {
        void queryClient.invalidateQueries({ queryKey: trpc.chat.inbox.pathKey() });
        void queryClient.invalidateQueries({ queryKey: trpc.messages.list.pathKey() });
        if (event.leadId !== null) void queryClient.invalidateQueries({ queryKey: trpc.leads.get.queryKey({ id: event.leadId }) });
      },
    }),
  );
  const refreshMs = events.status === "pending" ? LIVE_REFRESH_MS : POLL_REFRESH_MS;
  const inbox = useInfiniteQuery(
    trpc.chat.inbox.infiniteQueryOptions(
      { limit: 25, waitingOnly },
      { getNextPageParam: (page) => page.nextCursor ?? undefined, refetchInterval: refreshMs },
    ),
  );
  const items = inbox.data?.pages.flatMap((page) => page.items) ?? [];
  const select = (leadId: number) => router.replace(`${pathname}?lead=${leadId}`, { scroll: false });

  return (
    <div className="grid gap-6 lg:grid-cols-[22rem_1fr]">
      <section aria-label="Conversations" className="grid content-start gap-3" data-live={events.status === "pending" ? "true" : "false"}>
        <NewConversation onPick={select} />
        <div className="flex items-center gap-2">
          <Checkbox id="inbox-waiting-only" checked={waitingOnly} onCheckedChange={(v) => setWaitingOnly(v === true)} />
          <Label htmlFor="inbox-waiting-only">Only conversations waiting for a person</Label>
        </div>
        {inbox.isPending ? (
          <div className="grid gap-2" role="status" aria-label="Loading conversations">
            <Skeleton className="h-16 w-full" />
            <Skeleton className="h-16 w-full" />
            <Skeleton className="h-16 w-full" />
          </div>
        ) : inbox.isError ? (
          <QueryError what="The conversations" error={inbox.error} />
        ) : items.length === 0 ? (
          <EmptyState icon={InboxIcon} title={waitingOnly ? "Nobody is waiting" : "Your inbox is empty"}>
            {waitingOnly
              ? "No lead is waiting for a person right now."
              : "Conversations between your AI receptionist, your team and your leads will appear here."}
          </EmptyState>
        ) : (
          <>
            <ul className="grid gap-1.5">
              {items.map((item) => (
                <ConversationRow key={item.lead.id} item={item} selected={item.lead.id === selected} onSelect={() => select(item.lead.id)} />
              ))}
            </ul>
            <LoadMore hasNextPage={inbox.hasNextPage} isFetchingNextPage={inbox.isFetchingNextPage} onLoadMore={() => void inbox.fetchNextPage()} />
          </>
        )}
      </section>
      {selected ? (
        <Conversation
          key={selected}
          leadId={selected}
          pausedReason={items.find((item) => item.lead.id === selected)?.ai.pausedReason}
          refreshMs={refreshMs}
        />
      ) : (
        <EmptyState icon={InboxIcon} title="No conversation open" className="hidden lg:flex">
          Choose a conversation to read it, reply, or turn the AI off for that lead.
        </EmptyState>
      )}
    </div>
  );
}

function ConversationRow({ item, selected, onSelect }: { item: InboxItem; selected: boolean; onSelect: () => void }) {
  const last = item.lastMessage;
  return (
    <li>
      <button
        type="button"
        onClick={onSelect}
        aria-current={selected ? "true" : undefined}
        data-testid="inbox-conversation"
        className={cn(
          "grid w-full gap-1 rounded-lg border bg-card px-3 py-2 text-left text-sm transition-colors hover:bg-accent focus-visible:ring-2 focus-visible:ring-ring focus-visible:outline-none",
          selected && "border-primary bg-primary/5",
        )}
      >
        <span className="flex items-center gap-2">
          <span className="min-w-0 flex-1 truncate font-medium">{item.lead.name}</span>
          <ZonedTime className="shrink-0 text-xs text-muted-foreground" value={item.lastMessageAt} />
        </span>
        <span className="truncate text-muted-foreground">
          {last ? (last.preview === null ? "This message cannot be read." : `${AUTHOR[last.role] ?? ""}${last.preview}`) : "No messages"}
        </span>
        <span className="flex flex-wrap items-center gap-1.5">
          {last ? <Badge variant="outline" className="uppercase">{last.channel}</Badge> : null}
          {item.waitingForPerson > 0 ? <Badge variant="destructive">Needs a person ({item.waitingForPerson})</Badge> : null}
          {!item.ai.enabled ? <Badge variant="secondary">AI off</Badge> : null}
        </span>
      </button>
    </li>
  );
}

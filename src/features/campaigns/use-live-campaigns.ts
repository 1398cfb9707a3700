"use client";

import { useEffect, useState } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";

import { useTRPC } from "@/trpc/react";

/** At most one refresh of the campaign queries per this many ms, however many texts settle meanwhile. */
const REFRESH_AT_MOST_EVERY_MS = 1_000;
/** While the live stream is down, pages poll at this pace instead. */
export const CAMPAIGN_POLL_MS = 3_000;

/** Runs `fn` at most once per `everyMs`: a call inside the window schedules one run at its end. */
function throttled(fn: () => void, everyMs: number) {
  let last = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  return {
    fire() {
      if (timer) return;
      timer = setTimeout(
        () => {
          timer = null;
          last = Date.now();
          fn();
        },
        Math.max(0, last + everyMs - Date.now()),
      );
    },
    cancel() {
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}

/**
 * Live campaign progress over the workspace's event stream (`chat.events`, server-sent events, the inbox's): a send
 * settling, a delivery receipt or a dispatch step refreshes the campaign queries (throttled: a campaign of thousands
 * sends many events a second). Returns whether the stream is up; callers poll only while it is not.
 */
export function useLiveCampaigns(enabled: boolean): { streaming: boolean } {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [refresh] = useState(() => throttled(() => void queryClient.invalidateQueries({ queryKey: trpc.campaigns.pathKey() }), REFRESH_AT_MOST_EVERY_MS));
  useEffect(() => () => refresh.cancel(), [refresh]);
  const events = useSubscription(
    trpc.chat.events.subscriptionOptions(undefined, {
      enabled,
      onData: (event) => {
        if (event.kind === "status" || event.kind === "campaign") refresh.fire();
      },
    }),
  );
  return { streaming: enabled && events.status === "pending" };
}

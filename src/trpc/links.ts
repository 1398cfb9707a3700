import { httpBatchLink, httpSubscriptionLink, loggerLink, splitLink, type TRPCLink } from "@trpc/client";
import superjson from "superjson";
import { TRPC_MAX_BATCH_CALLS } from "@/lib/trpc-batch";
import type { AppRouter } from "@/server/api/root";

/**
 * The browser client's links. tRPC's logger link (every call and its result in the console) exists only in
 * development: a production build never writes calls, inputs or results to the browser console.
 */
export function trpcLinks(opts: { nodeEnv: string | undefined; url: string; fetch?: typeof fetch }): TRPCLink<AppRouter>[] {
  return [
    ...(opts.nodeEnv === "development" ? [loggerLink<AppRouter>()] : []),
    // Subscriptions (the inbox's live events) are server-sent events on the same endpoint; the rest is batched.
    splitLink({
      condition: (op) => op.type === "subscription",
      true: httpSubscriptionLink({ transformer: superjson, url: opts.url }),
      false: httpBatchLink({
        transformer: superjson,
        url: opts.url,
        maxItems: TRPC_MAX_BATCH_CALLS,
        fetch: opts.fetch,
        headers: () => ({ "x-trpc-source": "react" }),
      }),
    }),
  ];
}

"use client";

import { QueryClientProvider, type QueryClient } from "@tanstack/react-query";
import { createTRPCClient, httpBatchLink, httpSubscriptionLink, loggerLink, splitLink } from "@trpc/client";
import { createTRPCContext } from "@trpc/tanstack-react-query";
import { getSession } from "next-auth/react";
import { useState } from "react";
import superjson from "superjson";
import type { AppRouter } from "@/server/api/root";
import { makeQueryClient } from "./query-client";

export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();

let browserQueryClient: QueryClient | undefined;
function getQueryClient(fresh: boolean) {
  if (typeof window === "undefined") return makeQueryClient();
  if (fresh || !browserQueryClient) browserQueryClient = makeQueryClient();
  return browserQueryClient;
}

/**
 * On a 401 the access window has probably run out: ask next-auth for the session (which rotates the
 * refresh token and renews the cookie), then retry the request once.
 */
async function fetchWithRenewal(input: RequestInfo | URL, init?: RequestInit) {
  const response = await fetch(input, init);
  if (response.status !== 401) return response;
  const session = (await getSession()) as { error?: string | null } | null;
  if (!session || session.error) return response;
  return fetch(input, init);
}

/**
 * Give this provider `key={workspaceId}`: a new workspace gets a new query cache, so switching workspace
 * never shows data cached for another.
 */
export function TRPCReactProvider({ children }: { children: React.ReactNode }) {
  const [queryClient] = useState(() => getQueryClient(true));
  const [trpcClient] = useState(() =>
    createTRPCClient<AppRouter>({
      links: [
        loggerLink({
          enabled: (op) =>
            process.env.NODE_ENV === "development" || (op.direction === "down" && op.result instanceof Error),
        }),
        // Subscriptions (the inbox's live events) are server-sent events on the same endpoint; the rest is batched.
        splitLink({
          condition: (op) => op.type === "subscription",
          true: httpSubscriptionLink({ transformer: superjson, url: "/api/trpc" }),
          false: httpBatchLink({
            transformer: superjson,
            url: "/api/trpc",
            fetch: fetchWithRenewal,
            headers: () => ({ "x-trpc-source": "react" }),
          }),
        }),
      ],
    }),
  );
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        {children}
      </TRPCProvider>
    </QueryClientProvider>
  );
}

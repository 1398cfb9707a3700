"use client";

import { QueryClientProvider, type QueryClient } from "@tanstack/react-query";
import { createTRPCClient } from "@trpc/client";
import { createTRPCContext } from "@trpc/tanstack-react-query";
import { getSession } from "next-auth/react";
import { useState } from "react";
import type { AppRouter } from "@/server/api/root";
import { trpcLinks } from "./links";
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
      links: trpcLinks({ nodeEnv: process.env.NODE_ENV, url: "/api/trpc", fetch: fetchWithRenewal }),
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

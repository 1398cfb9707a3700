"use client";

import type { ReactNode } from "react";
import { SessionProvider } from "next-auth/react";

import { TooltipProvider } from "@/components/ui/tooltip";

/**
 * App-wide client providers. The tRPC/React Query provider is NOT here: each audience's layout mounts its own,
 * and the workspace shell keys it by the active workspace so no cached data crosses workspaces.
 */
export function Providers({ children }: { children: ReactNode }) {
  return (
    <SessionProvider refetchOnWindowFocus={false}>
      <TooltipProvider>{children}</TooltipProvider>
    </SessionProvider>
  );
}

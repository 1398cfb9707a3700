"use client";

import { useQuery } from "@tanstack/react-query";

import { useTRPC } from "@/trpc/react";
import { useViewerZone } from "./viewer-zone";

/**
 * The signed-in account as the CRM pages need it: its profile time zone (calendars, "today" and every time on
 * screen use it, never the browser's), its member id and its role.
 */
export function useViewer() {
  const trpc = useTRPC();
  const me = useQuery(trpc.auth.me.queryOptions());
  const account = me.data;
  return {
    isPending: me.isPending,
    timeZone: useViewerZone(),
    memberId: account?.kind === "user" ? account.id : null,
    /** Managers and admins (platform admins acting in the workspace count as admins). */
    isManager: account ? account.kind === "admin" || account.role === "manager" || account.role === "admin" : false,
  };
}

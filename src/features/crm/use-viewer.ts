"use client";

import { useQuery } from "@tanstack/react-query";

import { useTRPC } from "@/trpc/react";

/** The browser's own zone, for the moment before the account has loaded. */
export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/**
 * The signed-in account as the CRM pages need it: its time zone (calendars and "today" use it, not the
 * browser's), its member id and its role.
 */
export function useViewer() {
  const trpc = useTRPC();
  const me = useQuery(trpc.auth.me.queryOptions());
  const account = me.data;
  return {
    isPending: me.isPending,
    timeZone: account?.timezone || browserTimeZone(),
    memberId: account?.kind === "user" ? account.id : null,
    /** Managers and admins (platform admins acting in the workspace count as admins). */
    isManager: account ? account.kind === "admin" || account.role === "manager" || account.role === "admin" : false,
  };
}

"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import { useQuery } from "@tanstack/react-query";

import { useTRPC } from "@/trpc/react";
import { Skeleton } from "@/components/ui/skeleton";
import { cn } from "@/lib/utils";
import { useViewer } from "@/features/crm/use-viewer";
import { BookingsCalendar } from "./bookings-calendar";
import { BookingsList } from "./bookings-list";

type Tab = "calendar" | "list";
const TABS: readonly { id: Tab; label: string }[] = [
  { id: "calendar", label: "Calendar" },
  { id: "list", label: "List" },
];

/** The bookings page: a week calendar with free slots to book, and a filterable list. `leadId` preselects a lead. */
export function BookingsView({ leadId }: { leadId: number | null }) {
  const viewer = useViewer();
  if (viewer.isPending) return <Skeleton className="h-[32rem] w-full" role="status" aria-label="Loading bookings" />;
  return <BookingsTabs leadId={leadId} zone={viewer.timeZone} memberId={viewer.memberId} />;
}

function BookingsTabs({ leadId, zone, memberId }: { leadId: number | null; zone: string; memberId: number | null }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [tab, setTab] = useState<Tab>("calendar");
  const [hostId, setHostId] = useState<number | null>(memberId);
  const lead = useQuery({ ...trpc.leads.get.queryOptions({ id: leadId ?? 0 }), enabled: leadId !== null });
  const presetLead = leadId !== null && lead.data ? { id: lead.data.id, name: lead.data.name } : null;

  return (
    <div className="grid gap-4">
      <div role="tablist" aria-label="Bookings view" className="inline-flex w-fit rounded-lg border bg-muted/40 p-1">
        {TABS.map((item) => (
          <button
            key={item.id}
            type="button"
            role="tab"
            id={`bookings-tab-${item.id}`}
            aria-selected={tab === item.id}
            aria-controls={`bookings-panel-${item.id}`}
            onClick={() => setTab(item.id)}
            className={cn(
              "rounded-md px-3 py-1.5 text-sm font-medium text-muted-foreground outline-none transition-colors hover:text-foreground focus-visible:ring-2 focus-visible:ring-ring",
              tab === item.id && "bg-card text-foreground shadow-xs",
            )}
          >
            {item.label}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`bookings-panel-${tab}`} aria-labelledby={`bookings-tab-${tab}`}>
        {tab === "calendar" ? (
          <BookingsCalendar
            zone={zone}
            hostId={hostId}
            onHostChange={setHostId}
            presetLead={presetLead}
            onPresetLeadDone={() => router.replace("/bookings")}
          />
        ) : (
          <BookingsList zone={zone} defaultHostId={hostId} />
        )}
      </div>
    </div>
  );
}

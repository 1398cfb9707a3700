"use client";

import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { MessageSquarePlusIcon } from "lucide-react";

import { useTRPC } from "@/trpc/react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { useDebouncedValue } from "@/lib/use-debounced-value";

/** Starts a conversation with any lead that has a phone or email: find the lead, open its (maybe empty) conversation. */
export function NewConversation({ onPick }: { onPick: (leadId: number) => void }) {
  const trpc = useTRPC();
  const [open, setOpen] = useState(false);
  const [search, setSearch] = useState("");
  const term = useDebouncedValue(search.trim());
  const leads = useQuery(trpc.leads.list.queryOptions({ search: term, limit: 6 }, { enabled: open && term.length >= 2 }));
  const reachable = (leads.data?.items ?? []).filter((lead) => lead.phone || lead.email);

  if (!open) {
    return (
      <Button variant="outline" onClick={() => setOpen(true)}>
        <MessageSquarePlusIcon aria-hidden="true" />
        New message
      </Button>
    );
  }
  return (
    <div className="grid gap-2 rounded-lg border bg-card p-3" role="search">
      <Label htmlFor="new-conversation-search">Message a lead</Label>
      <Input
        id="new-conversation-search"
        autoFocus
        placeholder="Name, phone or email"
        value={search}
        onChange={(e) => setSearch(e.target.value)}
      />
      {term.length >= 2 && leads.data && reachable.length === 0 ? (
        <p className="text-sm text-muted-foreground">No lead with a phone or email matches.</p>
      ) : null}
      <ul className="grid gap-1">
        {reachable.map((lead) => (
          <li key={lead.id}>
            <button
              type="button"
              className="grid w-full rounded-md px-2 py-1.5 text-left text-sm hover:bg-accent focus-visible:ring-2 focus-visible:ring-ring focus-visible:outline-none"
              onClick={() => {
                setOpen(false);
                setSearch("");
                onPick(lead.id);
              }}
            >
              <span className="font-medium">{lead.name}</span>
              <span className="text-xs text-muted-foreground">{[lead.phone, lead.email].filter(Boolean).join(" · ")}</span>
            </button>
          </li>
        ))}
      </ul>
      <Button variant="ghost" size="sm" className="justify-self-start" onClick={() => setOpen(false)}>
        Close
      </Button>
    </div>
  );
}

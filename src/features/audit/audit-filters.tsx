"use client";

import { useState, type ReactNode } from "react";
import { FilterIcon } from "lucide-react";

import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { useViewerZone } from "@/features/crm/viewer-zone";
import { parseZonedInput } from "@/lib/time";

export interface AuditFilterValues {
  action?: string;
  from?: Date;
  to?: Date;
}

/**
 * Action text and a date range, applied together with "Apply" (so a half-typed range does not query). `extra`
 * holds more filters that apply at once (the admin log's workspace picker).
 */
export function AuditFilters({ onApply, extra }: { onApply: (filters: AuditFilterValues) => void; extra?: ReactNode }) {
  const [action, setAction] = useState("");
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const [error, setError] = useState<string>();
  const zone = useViewerZone();

  function apply(event: React.FormEvent) {
    event.preventDefault();
    // The days are the viewer's days (their profile zone), whatever zone the browser runs in.
    const fromDate = parseZonedInput(from, zone);
    const toDate = parseZonedInput(to, zone, { endOfDay: true });
    if (fromDate && toDate && fromDate > toDate) {
      setError("The end date must be on or after the start date");
      return;
    }
    setError(undefined);
    onApply({ action: action.trim() || undefined, from: fromDate, to: toDate });
  }

  function clear() {
    setAction("");
    setFrom("");
    setTo("");
    setError(undefined);
    onApply({});
  }

  return (
    <form
      onSubmit={apply}
      aria-label="Filter the audit log"
      className="mb-4 flex flex-wrap items-end gap-3 rounded-xl border bg-card p-4 shadow-xs"
    >
      <FormField id="audit-action" label="Action" className="w-56">
        <Input value={action} onChange={(event) => setAction(event.target.value)} placeholder="e.g. invitations" />
      </FormField>
      <FormField id="audit-from" label="From" className="w-40">
        <Input type="date" value={from} onChange={(event) => setFrom(event.target.value)} />
      </FormField>
      <FormField id="audit-to" label="To" error={error} className="w-40">
        <Input type="date" value={to} onChange={(event) => setTo(event.target.value)} />
      </FormField>
      {extra}
      <div className="flex gap-2">
        <Button type="submit" variant="secondary">
          <FilterIcon aria-hidden="true" />
          Apply
        </Button>
        <Button type="button" variant="ghost" onClick={clear}>
          Clear
        </Button>
      </div>
    </form>
  );
}

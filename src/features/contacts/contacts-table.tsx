"use client";

import { useState } from "react";
import Link from "next/link";
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";

import { CONTACT_PRIORITIES, CONTACT_STATUSES } from "@/schemas/contacts";
import { useTRPC } from "@/trpc/react";
import { LoadMore } from "@/components/data/load-more";
import { QueryError } from "@/components/data/query-error";
import { SearchInput } from "@/components/data/search-input";
import { TableMessageRow, TableSkeletonRows } from "@/components/data/table-states";
import { FormField } from "@/components/ui/form-field";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCaption, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { ZonedTime } from "@/features/crm/viewer-zone";
import { useDebouncedValue } from "@/lib/use-debounced-value";
import { MemberSelect } from "@/features/crm/member-select";
import { StatCard } from "@/features/crm/stat-card";
import {
  CONTACT_PRIORITY_LABELS,
  CONTACT_STATUS_LABELS,
  ContactPriorityBadge,
  ContactStatusBadge,
  type ContactPriority,
  type ContactStatus,
} from "./contact-labels";

const COLUMNS = 6;
const ALL = "all";
const NONE = "none";
const OPEN_STATUSES: readonly ContactStatus[] = ["NEW", "CONTACTED", "QUALIFIED", "PROPOSAL_SENT"];

/** Counts across all contacts: total, new this week, still open, urgent or high priority. */
export function ContactStats() {
  const trpc = useTRPC();
  const stats = useQuery(trpc.contacts.stats.queryOptions());
  if (stats.isPending) {
    return (
      <div className="grid gap-4 sm:grid-cols-4" role="status" aria-label="Loading contact counts">
        {[0, 1, 2, 3].map((i) => (
          <Skeleton key={i} className="h-28 w-full" />
        ))}
      </div>
    );
  }
  if (stats.isError) return <QueryError what="The contact counts" error={stats.error} />;
  const { total, newThisWeek, byStatus, byPriority } = stats.data;
  const open = OPEN_STATUSES.reduce((sum, status) => sum + byStatus[status], 0);
  return (
    <section aria-label="Contact counts" className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
      <StatCard label="All contacts" value={total} />
      <StatCard label="New this week" value={newThisWeek} footnote="Since Monday, in the workspace's time zone" />
      <StatCard label="Open" value={open} footnote={`${byStatus.CLOSED_WON} won · ${byStatus.CLOSED_LOST} lost`} />
      <StatCard label="Urgent or high" value={byPriority.URGENT + byPriority.HIGH} footnote={`${byPriority.URGENT} urgent`} />
    </section>
  );
}

/** Contact form submissions, newest first, filtered by status, priority and assignee. */
export function ContactsTable() {
  const trpc = useTRPC();
  const [search, setSearch] = useState("");
  const debouncedSearch = useDebouncedValue(search.trim());
  const [status, setStatus] = useState<string>(ALL);
  const [priority, setPriority] = useState<string>(ALL);
  const [assignee, setAssignee] = useState<string>(ALL);
  const contacts = useInfiniteQuery(
    trpc.contacts.list.infiniteQueryOptions(
      {
        limit: 25,
        search: debouncedSearch || undefined,
        status: status === ALL ? undefined : (status as ContactStatus),
        priority: priority === ALL ? undefined : (priority as ContactPriority),
        assignedToUserId: assignee === ALL ? undefined : assignee === NONE ? null : Number(assignee),
      },
      { getNextPageParam: (page) => page.nextCursor ?? undefined },
    ),
  );
  const rows = contacts.data?.pages.flatMap((page) => page.items) ?? [];
  const filtered = debouncedSearch !== "" || status !== ALL || priority !== ALL || assignee !== ALL;

  return (
    <div className="grid gap-4">
      <div className="flex flex-wrap items-end gap-3">
        <SearchInput label="Search contacts" placeholder="Search name, email, phone, message" value={search} onChange={setSearch} />
        <FormField id="contacts-filter-status" label="Status" className="w-44">
          <Select value={status} onValueChange={setStatus}>
            <SelectTrigger>
              <SelectValue />
            </SelectTrigger>
            <SelectContent>
              <SelectItem value={ALL}>Any status</SelectItem>
              {CONTACT_STATUSES.map((value) => (
                <SelectItem key={value} value={value}>
                  {CONTACT_STATUS_LABELS[value]}
                </SelectItem>
              ))}
            </SelectContent>
          </Select>
        </FormField>
        <FormField id="contacts-filter-priority" label="Priority" className="w-36">
          <Select value={priority} onValueChange={setPriority}>
            <SelectTrigger>
              <SelectValue />
            </SelectTrigger>
            <SelectContent>
              <SelectItem value={ALL}>Any priority</SelectItem>
              {CONTACT_PRIORITIES.map((value) => (
                <SelectItem key={value} value={value}>
                  {CONTACT_PRIORITY_LABELS[value]}
                </SelectItem>
              ))}
            </SelectContent>
          </Select>
        </FormField>
        <FormField id="contacts-filter-assignee" label="Assigned to" className="w-44">
          <MemberSelect
            value={assignee}
            onValueChange={setAssignee}
            extraOptions={[
              { value: ALL, label: "Anyone" },
              { value: NONE, label: "Nobody" },
            ]}
          />
        </FormField>
      </div>
      <Table>
        <TableCaption>Contacts</TableCaption>
        <TableHeader>
          <TableRow>
            <TableHead>Contact</TableHead>
            <TableHead>Status</TableHead>
            <TableHead>Priority</TableHead>
            <TableHead>Assigned to</TableHead>
            <TableHead>Source</TableHead>
            <TableHead>Received</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {contacts.isPending ? (
            <TableSkeletonRows columns={COLUMNS} label="Loading contacts" />
          ) : contacts.isError ? (
            <TableMessageRow columns={COLUMNS} tone="error">
              Contacts could not be loaded: {contacts.error.message}
            </TableMessageRow>
          ) : rows.length === 0 ? (
            <TableMessageRow columns={COLUMNS}>
              {filtered ? "No contact matches these filters." : "No contacts yet. Submissions from your website's contact forms will be collected here."}
            </TableMessageRow>
          ) : (
            rows.map((contact) => (
              <TableRow key={contact.id}>
                <TableCell>
                  <div className="grid gap-0.5">
                    <Link href={`/contacts/${contact.id}`} className="font-medium text-primary underline-offset-4 hover:underline">
                      {contact.name}
                    </Link>
                    <span className="text-xs text-muted-foreground">{contact.email ?? contact.phone ?? ""}</span>
                  </div>
                </TableCell>
                <TableCell>
                  <ContactStatusBadge status={contact.status} />
                </TableCell>
                <TableCell>
                  <ContactPriorityBadge priority={contact.priority} />
                </TableCell>
                <TableCell className="text-muted-foreground">{contact.assignedTo?.name ?? "Nobody"}</TableCell>
                <TableCell className="text-muted-foreground">{contact.source ?? "—"}</TableCell>
                <TableCell className="whitespace-nowrap text-muted-foreground"><ZonedTime value={contact.createdAt} display="date" /></TableCell>
              </TableRow>
            ))
          )}
        </TableBody>
      </Table>
      <LoadMore hasNextPage={contacts.hasNextPage} isFetchingNextPage={contacts.isFetchingNextPage} onLoadMore={() => void contacts.fetchNextPage()} />
    </div>
  );
}

"use client";

import { useState } from "react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ArchiveIcon, ArchiveRestoreIcon, ArrowLeftIcon, CalendarPlusIcon, PencilIcon, Trash2Icon } from "lucide-react";

import type { LeadStatusValue } from "@/schemas/leads";
import { useTRPC } from "@/trpc/react";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { LoadMore } from "@/components/data/load-more";
import { QueryError } from "@/components/data/query-error";
import { FormError } from "@/components/forms/form-error";
import { PageHeader } from "@/components/page-header";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Label } from "@/components/ui/label";
import { Skeleton } from "@/components/ui/skeleton";
import type { RouterOutputs } from "@/lib/api-types";
import { ZonedTime } from "@/features/crm/viewer-zone";
import { zoneDisplayName } from "@/lib/time";
import { DetailList } from "@/features/crm/detail-list";
import { MemberSelect } from "@/features/crm/member-select";
import { NotesTimeline } from "@/features/crm/notes-timeline";
import { useViewer } from "@/features/crm/use-viewer";
import { LeadBookings } from "@/features/bookings/lead-bookings";
import { MessageComposer } from "@/features/messages/message-composer";
import { EmailSuppressionNotice } from "@/features/email/email-suppression-notice";
import { ConversationStateForm } from "./conversation-state-form";
import { LeadFormDialog } from "./lead-form-dialog";
import { LEAD_PIPELINE, LEAD_STATUS_LABELS, LeadStatusBadge } from "./lead-status";

type Lead = RouterOutputs["leads"]["get"];
const NONE = "none";

/** One lead: its fields, pipeline, owner, conversation state, notes and bookings, and what can be done to it. */
export function LeadDetail({ leadId }: { leadId: number }) {
  const trpc = useTRPC();
  const lead = useQuery(trpc.leads.get.queryOptions({ id: leadId }));

  if (lead.isPending) return <LeadDetailSkeleton />;
  if (lead.isError) {
    return (
      <>
        <BackToLeads />
        <QueryError what="This lead" error={lead.error} />
      </>
    );
  }
  return <LeadView lead={lead.data} />;
}

function BackToLeads() {
  return (
    <Button asChild variant="ghost" size="sm" className="mb-4 -ml-3">
      <Link href="/leads">
        <ArrowLeftIcon aria-hidden="true" />
        All leads
      </Link>
    </Button>
  );
}

function LeadView({ lead }: { lead: Lead }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const viewer = useViewer();
  const [editing, setEditing] = useState(false);
  const [confirming, setConfirming] = useState<"archive" | "delete" | null>(null);
  const [actionError, setActionError] = useState<string>();
  const update = useMutation(trpc.leads.update.mutationOptions());
  const assign = useMutation(trpc.leads.assign.mutationOptions());
  const archive = useMutation(trpc.leads.archive.mutationOptions());
  const unarchive = useMutation(trpc.leads.unarchive.mutationOptions());
  const remove = useMutation(trpc.leads.delete.mutationOptions());

  async function refresh() {
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.leads.get.queryKey({ id: lead.id }) }),
      queryClient.invalidateQueries({ queryKey: trpc.leads.list.pathKey() }),
    ]);
  }

  async function run(what: string, action: () => Promise<unknown>) {
    setActionError(undefined);
    try {
      await action();
    } catch (error) {
      setActionError(`${what}: ${(error as Error).message}`);
      return;
    }
    await refresh();
  }

  const archived = lead.archivedAt !== null;

  return (
    <>
      <BackToLeads />
      <PageHeader
        title={
          <span className="flex flex-wrap items-center gap-3">
            {lead.name}
            <LeadStatusBadge status={lead.status} />
            {archived ? <Badge variant="secondary">Archived</Badge> : null}
          </span>
        }
        description={[lead.position, lead.company].filter(Boolean).join(" at ") || "Lead"}
        actions={
          <>
            <Button asChild>
              <Link href={`/bookings?lead=${lead.id}`}>
                <CalendarPlusIcon aria-hidden="true" />
                Book a meeting
              </Link>
            </Button>
            <Button variant="outline" onClick={() => setEditing(true)}>
              <PencilIcon aria-hidden="true" />
              Edit
            </Button>
            {archived ? (
              <Button variant="outline" onClick={() => void run("The lead was not restored", () => unarchive.mutateAsync({ id: lead.id }))}>
                <ArchiveRestoreIcon aria-hidden="true" />
                Unarchive
              </Button>
            ) : (
              <Button variant="outline" onClick={() => setConfirming("archive")}>
                <ArchiveIcon aria-hidden="true" />
                Archive
              </Button>
            )}
            {viewer.isManager ? (
              <Button
                variant="ghost"
                className="text-destructive hover:bg-destructive/10 hover:text-destructive"
                onClick={() => setConfirming("delete")}
              >
                <Trash2Icon aria-hidden="true" />
                Delete
              </Button>
            ) : null}
          </>
        }
      />
      <LeadFormDialog lead={lead} open={editing} onOpenChange={setEditing} />
      <ConfirmDialog
        open={confirming === "archive"}
        onOpenChange={(open) => setConfirming(open ? "archive" : null)}
        title={`Archive ${lead.name}?`}
        description="Archived leads leave the lead list and your AI receptionist stops following up. You can unarchive them."
        confirmLabel="Archive lead"
        destructive={false}
        onConfirm={async () => {
          await archive.mutateAsync({ id: lead.id });
          await refresh();
        }}
      />
      <ConfirmDialog
        open={confirming === "delete"}
        onOpenChange={(open) => setConfirming(open ? "delete" : null)}
        title={`Delete ${lead.name}?`}
        description="The lead, its notes and its conversation are deleted for good. Its bookings stay without a lead."
        confirmLabel="Delete lead"
        onConfirm={async () => {
          await remove.mutateAsync({ id: lead.id });
          await queryClient.invalidateQueries({ queryKey: trpc.leads.list.pathKey() });
          router.push("/leads");
        }}
      />

      <div className="grid gap-6">
        <FormError message={actionError} />
        {lead.email ? <EmailSuppressionNotice leadId={lead.id} /> : null}
        <Card>
          <CardHeader>
            <CardTitle className="text-base">Pipeline</CardTitle>
            <CardDescription>Where this lead stands. Choose a step to move it there.</CardDescription>
          </CardHeader>
          <CardContent>
            <StatusPipeline
              status={lead.status}
              disabled={update.isPending}
              onChange={(status) => void run("The status was not changed", () => update.mutateAsync({ id: lead.id, status }))}
            />
          </CardContent>
        </Card>

        <div className="grid gap-6 lg:grid-cols-[2fr_1fr]">
          <Card>
            <CardHeader>
              <CardTitle className="text-base">Details</CardTitle>
            </CardHeader>
            <CardContent>
              <DetailList
                items={[
                  { label: "Email", value: lead.email },
                  { label: "Phone", value: lead.phone },
                  { label: "Company", value: lead.company },
                  { label: "Position", value: lead.position },
                  { label: "Source", value: lead.source },
                  { label: "Time zone", value: lead.timezone ? zoneDisplayName(lead.timezone) : null },
                  { label: "Custom id", value: lead.customId },
                  {
                    label: "Strategy",
                    value: lead.strategy ? (
                      <Link href={`/strategies/${lead.strategy.id}`} className="text-primary underline-offset-4 hover:underline">
                        {lead.strategy.name}
                      </Link>
                    ) : null,
                  },
                  { label: "Created", value: <ZonedTime value={lead.createdAt} /> },
                  {
                    label: "Last message",
                    value: <ZonedTime value={lead.lastMessageAt} leadZone={lead.timezone} fallback="No messages yet" />,
                  },
                ]}
              />
            </CardContent>
          </Card>
          <Card>
            <CardHeader>
              <CardTitle className="text-base">Owner</CardTitle>
              <CardDescription>The member who follows this lead up.</CardDescription>
            </CardHeader>
            <CardContent className="grid gap-2">
              <Label htmlFor="lead-owner-assign">Assigned to</Label>
              <MemberSelect
                id="lead-owner-assign"
                value={lead.ownerId ? String(lead.ownerId) : NONE}
                onValueChange={(next) =>
                  void run("The owner was not changed", () =>
                    assign.mutateAsync({ id: lead.id, ownerId: next === NONE ? null : Number(next) }),
                  )
                }
                disabled={assign.isPending}
                extraOptions={[{ value: NONE, label: "Nobody" }]}
              />
            </CardContent>
          </Card>
        </div>

        <Card>
          <CardHeader>
            <CardTitle className="text-base">Send a message</CardTitle>
            <CardDescription>
              A text or an email from you; the lead&apos;s replies arrive in the{" "}
              <Link className="underline underline-offset-4" href={`/inbox?lead=${lead.id}`}>
                inbox
              </Link>
              .
            </CardDescription>
          </CardHeader>
          <CardContent>
            <MessageComposer lead={lead} onSent={() => void router.push(`/inbox?lead=${lead.id}`)} />
          </CardContent>
        </Card>

        <div className="grid gap-6 lg:grid-cols-2">
          <Card>
            <CardHeader>
              <CardTitle className="text-base">Notes</CardTitle>
              <CardDescription>What your team knows about this lead.</CardDescription>
            </CardHeader>
            <CardContent>
              <LeadNotes leadId={lead.id} />
            </CardContent>
          </Card>
          <div className="grid content-start gap-6">
            <Card>
              <CardHeader>
                <CardTitle className="text-base">Bookings</CardTitle>
                <CardDescription>Meetings with this lead.</CardDescription>
              </CardHeader>
              <CardContent>
                <LeadBookings leadId={lead.id} />
              </CardContent>
            </Card>
            <Card>
              <CardHeader>
                <CardTitle className="text-base">Conversation state</CardTitle>
                <CardDescription>What your AI receptionist has learned; correct it here.</CardDescription>
              </CardHeader>
              <CardContent>
                <ConversationStateForm key={String(lead.updatedAt)} leadId={lead.id} stored={lead.conversationState} />
              </CardContent>
            </Card>
          </div>
        </div>
      </div>
    </>
  );
}

/** The statuses as a row of steps; the current one is pressed. */
function StatusPipeline({
  status,
  disabled,
  onChange,
}: {
  status: LeadStatusValue;
  disabled: boolean;
  onChange: (status: LeadStatusValue) => void;
}) {
  return (
    <div role="group" aria-label="Lead status" className="flex flex-wrap gap-1.5">
      {LEAD_PIPELINE.map((step) => {
        const current = step === status;
        return (
          <Button
            key={step}
            size="sm"
            variant={current ? "default" : "outline"}
            aria-pressed={current}
            disabled={disabled}
            onClick={() => (current ? undefined : onChange(step))}
          >
            {LEAD_STATUS_LABELS[step]}
          </Button>
        );
      })}
    </div>
  );
}

function LeadNotes({ leadId }: { leadId: number }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const notes = useInfiniteQuery(
    trpc.leads.notes.list.infiniteQueryOptions({ leadId, limit: 25 }, { getNextPageParam: (page) => page.nextCursor ?? undefined }),
  );
  const add = useMutation(trpc.leads.notes.add.mutationOptions());

  if (notes.isPending) return <Skeleton className="h-24 w-full" />;
  if (notes.isError) return <QueryError what="The notes" error={notes.error} />;
  const items = notes.data.pages.flatMap((page) => page.items);

  return (
    <NotesTimeline
      idPrefix="lead"
      notes={items.map((note) => ({ id: note.id, body: note.body, createdAt: note.createdAt, authorName: note.author?.name ?? null }))}
      onAdd={async (body) => {
        await add.mutateAsync({ leadId, body });
        await queryClient.invalidateQueries({ queryKey: trpc.leads.notes.list.pathKey() });
      }}
      footer={
        <LoadMore hasNextPage={notes.hasNextPage} isFetchingNextPage={notes.isFetchingNextPage} onLoadMore={() => void notes.fetchNextPage()} />
      }
    />
  );
}

function LeadDetailSkeleton() {
  return (
    <div className="grid gap-6" role="status" aria-label="Loading the lead">
      <Skeleton className="h-8 w-64" />
      <Skeleton className="h-24 w-full" />
      <div className="grid gap-6 lg:grid-cols-2">
        <Skeleton className="h-64 w-full" />
        <Skeleton className="h-64 w-full" />
      </div>
    </div>
  );
}

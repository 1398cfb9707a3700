"use client";

import { useState } from "react";
import Link from "next/link";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ArrowLeftIcon, ArrowRightIcon, TargetIcon } from "lucide-react";

import { CONTACT_PRIORITIES } from "@/schemas/contacts";
import { useTRPC } from "@/trpc/react";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { QueryError } from "@/components/data/query-error";
import { FormError } from "@/components/forms/form-error";
import { PageHeader } from "@/components/page-header";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Label } from "@/components/ui/label";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Skeleton } from "@/components/ui/skeleton";
import type { RouterOutputs } from "@/lib/api-types";
import { useViewerTime } from "@/features/crm/viewer-zone";
import { DetailList } from "@/features/crm/detail-list";
import { MemberSelect } from "@/features/crm/member-select";
import { NotesTimeline } from "@/features/crm/notes-timeline";
import {
  CONTACT_PRIORITY_LABELS,
  CONTACT_STATUS_LABELS,
  ContactPriorityBadge,
  ContactStatusBadge,
  type ContactPriority,
} from "./contact-labels";

type Contact = RouterOutputs["contacts"]["get"];
const NONE = "none";

function BackToContacts() {
  return (
    <Button asChild variant="ghost" size="sm" className="mb-4 -ml-3">
      <Link href="/contacts">
        <ArrowLeftIcon aria-hidden="true" />
        All contacts
      </Link>
    </Button>
  );
}

/** One contact submission: its message, pipeline step, priority, assignee, notes, and conversion to a lead. */
export function ContactDetail({ contactId }: { contactId: number }) {
  const trpc = useTRPC();
  const contact = useQuery(trpc.contacts.get.queryOptions({ id: contactId }));
  if (contact.isPending) {
    return (
      <div className="grid gap-6" role="status" aria-label="Loading the contact">
        <Skeleton className="h-8 w-64" />
        <Skeleton className="h-64 w-full" />
      </div>
    );
  }
  if (contact.isError) {
    return (
      <>
        <BackToContacts />
        <QueryError what="This contact" error={contact.error} />
      </>
    );
  }
  return <ContactView contact={contact.data} />;
}

function ContactView({ contact }: { contact: Contact }) {
  const time = useViewerTime();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const updateStatus = useMutation(trpc.contacts.updateStatus.mutationOptions());
  const updatePriority = useMutation(trpc.contacts.updatePriority.mutationOptions());
  const assign = useMutation(trpc.contacts.assign.mutationOptions());
  const addNote = useMutation(trpc.contacts.addNote.mutationOptions());
  const convert = useMutation(trpc.contacts.convertToLead.mutationOptions());
  const [actionError, setActionError] = useState<string>();
  const [converting, setConverting] = useState(false);

  async function refresh() {
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.contacts.pathKey() }),
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

  return (
    <>
      <BackToContacts />
      <PageHeader
        title={
          <span className="flex flex-wrap items-center gap-3">
            {contact.name}
            <ContactStatusBadge status={contact.status} />
            <ContactPriorityBadge priority={contact.priority} />
          </span>
        }
        description={`Received ${time.dateTime(contact.createdAt)}${contact.source ? ` from ${contact.source}` : ""}`}
        actions={
          contact.convertedLead ? (
            <Button asChild variant="outline">
              <Link href={`/leads/${contact.convertedLead.id}`}>
                <TargetIcon aria-hidden="true" />
                Open lead {contact.convertedLead.name}
              </Link>
            </Button>
          ) : (
            <Button onClick={() => setConverting(true)}>
              <TargetIcon aria-hidden="true" />
              Convert to lead
            </Button>
          )
        }
      />
      <ConfirmDialog
        open={converting}
        onOpenChange={setConverting}
        title={`Convert ${contact.name} to a lead?`}
        description="A lead is created with their name, email, phone and company, owned by the assignee. The contact is linked to it and moves to Qualified unless it is further along."
        confirmLabel="Convert to lead"
        destructive={false}
        onConfirm={async () => {
          await convert.mutateAsync({ id: contact.id });
          await refresh();
        }}
      />
      <div className="grid gap-6">
        <FormError message={actionError} />
        {contact.convertedLead ? (
          <Alert variant="success">
            <TargetIcon aria-hidden="true" />
            <AlertDescription>
              Converted to the lead{" "}
              <Link href={`/leads/${contact.convertedLead.id}`} className="font-medium text-primary underline-offset-4 hover:underline">
                {contact.convertedLead.name}
              </Link>
              .
            </AlertDescription>
          </Alert>
        ) : null}

        <Card>
          <CardHeader>
            <CardTitle className="text-base">Status</CardTitle>
            <CardDescription>
              {contact.allowedNextStatuses.length
                ? "Move the contact along: only the next steps that make sense are offered."
                : `${CONTACT_STATUS_LABELS[contact.status]} is final.`}
            </CardDescription>
          </CardHeader>
          <CardContent className="flex flex-wrap items-center gap-2">
            <span className="text-sm text-muted-foreground">
              Now <ContactStatusBadge status={contact.status} />
            </span>
            {contact.allowedNextStatuses.map((next) => (
              <Button
                key={next}
                variant="outline"
                size="sm"
                disabled={updateStatus.isPending}
                onClick={() => void run("The status was not changed", () => updateStatus.mutateAsync({ id: contact.id, status: next }))}
              >
                <ArrowRightIcon aria-hidden="true" />
                {CONTACT_STATUS_LABELS[next]}
              </Button>
            ))}
          </CardContent>
        </Card>

        <div className="grid gap-6 lg:grid-cols-[2fr_1fr]">
          <Card>
            <CardHeader>
              <CardTitle className="text-base">Message</CardTitle>
            </CardHeader>
            <CardContent className="grid gap-6">
              <p className="text-sm whitespace-pre-wrap">{contact.message ?? "No message."}</p>
              <DetailList
                items={[
                  { label: "Email", value: contact.email },
                  { label: "Phone", value: contact.phone },
                  { label: "Company", value: contact.company },
                  { label: "Source", value: contact.source },
                ]}
              />
            </CardContent>
          </Card>
          <Card>
            <CardHeader>
              <CardTitle className="text-base">Handling</CardTitle>
            </CardHeader>
            <CardContent className="grid gap-4">
              <div className="grid gap-2">
                <Label htmlFor="contact-priority">Priority</Label>
                <Select
                  value={contact.priority}
                  onValueChange={(next) =>
                    void run("The priority was not changed", () =>
                      updatePriority.mutateAsync({ id: contact.id, priority: next as ContactPriority }),
                    )
                  }
                  disabled={updatePriority.isPending}
                >
                  <SelectTrigger id="contact-priority">
                    <SelectValue />
                  </SelectTrigger>
                  <SelectContent>
                    {CONTACT_PRIORITIES.map((priority) => (
                      <SelectItem key={priority} value={priority}>
                        {CONTACT_PRIORITY_LABELS[priority]}
                      </SelectItem>
                    ))}
                  </SelectContent>
                </Select>
              </div>
              <div className="grid gap-2">
                <Label htmlFor="contact-assignee">Assigned to</Label>
                <MemberSelect
                  id="contact-assignee"
                  value={contact.assignedToUserId ? String(contact.assignedToUserId) : NONE}
                  onValueChange={(next) =>
                    void run("The contact was not assigned", () =>
                      assign.mutateAsync({ id: contact.id, userId: next === NONE ? null : Number(next) }),
                    )
                  }
                  disabled={assign.isPending}
                  extraOptions={[{ value: NONE, label: "Nobody" }]}
                />
              </div>
            </CardContent>
          </Card>
        </div>

        <Card>
          <CardHeader>
            <CardTitle className="text-base">Notes</CardTitle>
          </CardHeader>
          <CardContent>
            <NotesTimeline
              idPrefix="contact"
              notes={contact.notes.map((note) => ({
                id: note.id,
                body: note.body,
                createdAt: note.createdAt,
                authorName: note.authorUser?.name ?? null,
              }))}
              onAdd={async (body) => {
                await addNote.mutateAsync({ id: contact.id, body });
                await queryClient.invalidateQueries({ queryKey: trpc.contacts.get.queryKey({ id: contact.id }) });
              }}
            />
          </CardContent>
        </Card>
      </div>
    </>
  );
}

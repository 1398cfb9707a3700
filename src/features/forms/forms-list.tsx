"use client";

import { useState } from "react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import { ArchiveIcon, ArchiveRestoreIcon, BarChart3Icon, FileTextIcon, InboxIcon, PencilIcon, PlusIcon } from "lucide-react";

import { useTRPC } from "@/trpc/react";
import { ConfirmButton } from "@/components/confirm-dialog";
import { EmptyState } from "@/components/empty-state";
import { LoadMore } from "@/components/data/load-more";
import { QueryError } from "@/components/data/query-error";
import { SearchInput } from "@/components/data/search-input";
import { FormError } from "@/components/forms/form-error";
import { SubmitButton } from "@/components/forms/submit-button";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent } from "@/components/ui/card";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Skeleton } from "@/components/ui/skeleton";
import { useViewer } from "@/features/crm/use-viewer";
import { serverErrorOf } from "@/lib/server-errors";
import { formatDateTime } from "@/lib/time";
import { cn } from "@/lib/utils";
import { ShareDialog } from "./share-dialog";

/** The workspace's forms (or the archived ones): status, submissions, and the way to build, share and read each. */
export function FormsList() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const viewer = useViewer();
  const [archived, setArchived] = useState(false);
  const [search, setSearch] = useState("");
  const forms = useInfiniteQuery(
    trpc.forms.list.infiniteQueryOptions({ limit: 20, archived, search: search.trim() || undefined }, { getNextPageParam: (page) => page.nextCursor ?? undefined, placeholderData: (prev) => prev }),
  );
  const archive = useMutation(trpc.forms.archive.mutationOptions());
  const restore = useMutation(trpc.forms.restore.mutationOptions());
  const items = forms.data?.pages.flatMap((p) => p.items) ?? [];
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.forms.list.pathKey() });

  return (
    <div className="grid gap-4">
      <div className="flex flex-wrap items-center gap-2">
        {viewer.isManager ? <NewFormDialog /> : null}
        <SearchInput label="Search forms" value={search} onChange={setSearch} className="min-w-0 flex-1 sm:max-w-xs" />
        <div role="group" aria-label="Which forms" className="flex gap-1">
          <Button variant={archived ? "ghost" : "secondary"} size="sm" aria-pressed={!archived} onClick={() => setArchived(false)}>
            Current
          </Button>
          <Button variant={archived ? "secondary" : "ghost"} size="sm" aria-pressed={archived} onClick={() => setArchived(true)}>
            Archived
          </Button>
        </div>
      </div>
      {forms.isPending ? (
        <Skeleton className="h-40 w-full" role="status" aria-label="Loading forms" />
      ) : forms.isError ? (
        <QueryError what="The forms" error={forms.error} />
      ) : items.length === 0 ? (
        <EmptyState icon={FileTextIcon} title={archived ? "No archived forms" : search ? "No form matches" : "No forms yet"}>
          {archived
            ? "Forms you archive stop taking answers and wait here, with their submissions, until you restore them."
            : "Build a form for your website: every submission becomes a lead in this workspace, assigned and followed up as you choose."}
        </EmptyState>
      ) : (
        <ul className="grid gap-3">
          {items.map((form) => (
            <li key={form.id}>
              <Card>
                <CardContent className="grid gap-3 pt-6">
                  <div className="flex flex-wrap items-center gap-2">
                    <Link href={`/forms/${form.id}`} className="min-w-0 flex-1 truncate font-medium underline-offset-4 hover:underline">
                      {form.name}
                    </Link>
                    {form.archivedAt ? (
                      <Badge variant="secondary">Archived</Badge>
                    ) : form.publishedVersion ? (
                      <Badge variant="success">Published · version {form.publishedVersion}</Badge>
                    ) : (
                      <Badge variant="secondary">Draft</Badge>
                    )}
                  </div>
                  <p className="text-sm text-muted-foreground">
                    {form.kind === "card" ? "One question per screen" : "One page"} · {form.submissionCount} {form.submissionCount === 1 ? "submission" : "submissions"} · changed{" "}
                    {formatDateTime(form.updatedAt, viewer.timeZone)}
                  </p>
                  <div className="flex flex-wrap gap-2">
                    {!form.archivedAt ? (
                      <Button asChild size="sm" variant="outline">
                        <Link href={`/forms/${form.id}`}>
                          <PencilIcon aria-hidden="true" />
                          {viewer.isManager ? "Edit" : "Open"}
                        </Link>
                      </Button>
                    ) : null}
                    {!form.archivedAt ? <ShareDialog slug={form.slug} name={form.name} published={form.publishedVersion !== null} /> : null}
                    <Button asChild size="sm" variant="outline">
                      <Link href={`/forms/${form.id}/submissions`}>
                        <InboxIcon aria-hidden="true" />
                        Submissions
                      </Link>
                    </Button>
                    <Button asChild size="sm" variant="outline">
                      <Link href={`/forms/${form.id}/analytics`}>
                        <BarChart3Icon aria-hidden="true" />
                        Analytics
                      </Link>
                    </Button>
                    {viewer.isManager ? (
                      form.archivedAt ? (
                        <ConfirmButton
                          label={
                            <>
                              <ArchiveRestoreIcon aria-hidden="true" />
                              Restore
                            </>
                          }
                          ariaLabel={`Restore ${form.name}`}
                          title={`Restore “${form.name}”?`}
                          description="The form comes back to the list and its published version takes answers again."
                          confirmLabel="Restore"
                          destructive={false}
                          onConfirm={async () => {
                            await restore.mutateAsync({ id: form.id });
                            await refresh();
                          }}
                        />
                      ) : (
                        <ConfirmButton
                          label={
                            <>
                              <ArchiveIcon aria-hidden="true" />
                              Archive
                            </>
                          }
                          ariaLabel={`Archive ${form.name}`}
                          title={`Archive “${form.name}”?`}
                          description="The public page stops taking answers. Its submissions and leads stay; you can restore it later."
                          confirmLabel="Archive"
                          onConfirm={async () => {
                            await archive.mutateAsync({ id: form.id });
                            await refresh();
                          }}
                        />
                      )
                    ) : null}
                  </div>
                </CardContent>
              </Card>
            </li>
          ))}
        </ul>
      )}
      <LoadMore hasNextPage={forms.hasNextPage} isFetchingNextPage={forms.isFetchingNextPage} onLoadMore={() => void forms.fetchNextPage()} />
    </div>
  );
}

function NewFormDialog() {
  const trpc = useTRPC();
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState("");
  const [kind, setKind] = useState<"simple" | "card">("simple");
  const create = useMutation(trpc.forms.create.mutationOptions());

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    const form = await create.mutateAsync({ name, kind }).catch(() => null);
    if (form) router.push(`/forms/${form.id}`);
  }

  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button>
          <PlusIcon aria-hidden="true" />
          New form
        </Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>New form</DialogTitle>
          <DialogDescription>Name it for your team; visitors see the questions you add next.</DialogDescription>
        </DialogHeader>
        <form onSubmit={(e) => void submit(e)} className="grid gap-4">
          <FormField id="new-form-name" label="Name" error={serverErrorOf(create.error, "name")}>
            <Input value={name} onChange={(e) => setName(e.target.value)} maxLength={120} required autoFocus />
          </FormField>
          <fieldset className="grid gap-2">
            <legend className="mb-2 text-sm font-medium">Layout</legend>
            {(
              [
                ["simple", "Simple form", "All questions on one page."],
                ["card", "Card form", "One question per screen, with a progress bar."],
              ] as const
            ).map(([value, title, text]) => (
              <label key={value} className={cn("flex cursor-pointer items-start gap-3 rounded-lg border p-3", kind === value && "border-primary ring-1 ring-primary")}>
                <input type="radio" name="kind" value={value} checked={kind === value} onChange={() => setKind(value)} className="mt-1" />
                <span className="grid">
                  <span className="text-sm font-medium">{title}</span>
                  <span className="text-xs text-muted-foreground">{text}</span>
                </span>
              </label>
            ))}
          </fieldset>
          <FormError message={create.error && !serverErrorOf(create.error, "name") ? serverErrorOf(create.error) : undefined} />
          <DialogFooter>
            <SubmitButton pending={create.isPending}>Create and build</SubmitButton>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}

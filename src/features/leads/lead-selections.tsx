"use client";

import { useState } from "react";
import Link from "next/link";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { BookmarkPlusIcon, MoreHorizontalIcon, SendIcon } from "lucide-react";

import { useTRPC } from "@/trpc/react";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { FormError } from "@/components/forms/form-error";
import { SubmitButton } from "@/components/forms/submit-button";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuTrigger } from "@/components/ui/dropdown-menu";
import { FormField } from "@/components/ui/form-field";
import { Label } from "@/components/ui/label";
import { Input } from "@/components/ui/input";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { serverErrorOf } from "@/lib/server-errors";
import { useViewer } from "@/features/crm/use-viewer";
import { fromLeadFilters, sameFilters, toLeadFilters, type FilterValues, type LeadListState } from "./lead-list-url";

type ListFilters = { search: string; filters: FilterValues };

/**
 * Saved selections on the leads page: apply one (it writes its filters into the page's address), save the current
 * filters under a name, save changed filters back into the applied one, rename or delete it.
 */
export function LeadSelectionsBar({
  current,
  selectionId,
  onApply,
  campaignQuery,
}: {
  current: ListFilters;
  selectionId: number | null;
  onApply: (state: Partial<LeadListState>) => void;
  /** The list's address for the campaign wizard (it starts from the same filters). */
  campaignQuery: string;
}) {
  const trpc = useTRPC();
  const viewer = useViewer();
  const queryClient = useQueryClient();
  const selections = useQuery(trpc.leadSelections.list.queryOptions());
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.leadSelections.list.queryKey() });
  const update = useMutation(trpc.leadSelections.updateFilters.mutationOptions({ onSuccess: refresh }));
  const remove = useMutation(trpc.leadSelections.delete.mutationOptions({ onSuccess: refresh }));
  const create = useMutation(trpc.leadSelections.create.mutationOptions({ onSuccess: refresh }));
  const rename = useMutation(trpc.leadSelections.rename.mutationOptions({ onSuccess: refresh }));
  const [dialog, setDialog] = useState<"save" | "rename" | "delete" | null>(null);

  const list = selections.data ?? [];
  const active = list.find((s) => s.id === selectionId) ?? null;
  const activeFilters = active?.filters ? fromLeadFilters(active.filters, viewer.timeZone) : null;
  const changed = active !== null && activeFilters !== null && !sameFilters(activeFilters, current);

  function apply(id: string) {
    const chosen = list.find((s) => String(s.id) === id);
    if (!chosen?.filters) return;
    update.reset();
    onApply({ ...fromLeadFilters(chosen.filters, viewer.timeZone), selectionId: chosen.id });
  }

  return (
    <div className="flex flex-wrap items-end gap-2" role="group" aria-label="Saved selections">
      {/* The label names the trigger itself (a FormField would give its id to Select's root, which renders nothing). */}
      <div className="grid w-full gap-2 sm:w-64">
        <Label htmlFor="leads-selection">Saved selection</Label>
        <Select value={active ? String(active.id) : ""} onValueChange={apply} disabled={list.length === 0}>
          <SelectTrigger id="leads-selection">
            <SelectValue placeholder={selections.isPending ? "Loading…" : list.length === 0 ? "None saved yet" : "Choose a saved selection"} />
          </SelectTrigger>
          <SelectContent>
            {list.map((s) => (
              <SelectItem key={s.id} value={String(s.id)} disabled={!s.filters}>
                {s.name}
                {s.filters ? "" : " (can no longer be read)"}
              </SelectItem>
            ))}
          </SelectContent>
        </Select>
      </div>
      <Button type="button" variant="outline" onClick={() => setDialog("save")}>
        <BookmarkPlusIcon aria-hidden="true" />
        Save selection
      </Button>
      {active && changed ? (
        <Button
          type="button"
          variant="secondary"
          disabled={update.isPending}
          onClick={() => update.mutate({ id: active.id, filters: toLeadFilters(current.search, current.filters, viewer.timeZone) })}
        >
          Save changes to “{active.name}”
        </Button>
      ) : null}
      {!current.filters.archived && viewer.isManager ? (
        <Button type="button" variant="ghost" asChild>
          <Link href={active && !changed ? `/campaigns/new?selection=${active.id}` : `/campaigns/new${campaignQuery ? `?${campaignQuery}` : ""}`}>
            <SendIcon aria-hidden="true" />
            Text these leads
          </Link>
        </Button>
      ) : null}
      {active ? (
        <DropdownMenu>
          <DropdownMenuTrigger asChild>
            <Button type="button" variant="ghost" size="icon" aria-label={`More for “${active.name}”`}>
              <MoreHorizontalIcon aria-hidden="true" />
            </Button>
          </DropdownMenuTrigger>
          <DropdownMenuContent align="end">
            <DropdownMenuItem onSelect={() => setDialog("rename")}>Rename…</DropdownMenuItem>
            {active.canDelete ? <DropdownMenuItem onSelect={() => setDialog("delete")}>Delete…</DropdownMenuItem> : null}
          </DropdownMenuContent>
        </DropdownMenu>
      ) : null}
      {active && changed ? <p className="basis-full text-xs text-muted-foreground">The filters differ from “{active.name}” as saved.</p> : null}
      {update.isSuccess && !changed ? <p className="basis-full text-xs text-muted-foreground" role="status">Saved to “{active?.name}”.</p> : null}
      <FormError message={serverErrorOf(update.error) ?? serverErrorOf(remove.error)} />

      <NameDialog
        key={`save-${dialog === "save"}`}
        open={dialog === "save"}
        onOpenChange={(open) => setDialog(open ? "save" : null)}
        title="Save selection"
        description="Saves the current search and filters under a name, for this list and for campaigns. Opening it later shows the leads that match then."
        submitLabel="Save"
        initialName=""
        save={async (name) => {
          const created = await create.mutateAsync({ name, filters: toLeadFilters(current.search, current.filters, viewer.timeZone) });
          onApply({ selectionId: created.id });
        }}
      />
      {active ? (
        <NameDialog
          key={`rename-${active.id}-${dialog === "rename"}`}
          open={dialog === "rename"}
          onOpenChange={(open) => setDialog(open ? "rename" : null)}
          title={`Rename “${active.name}”`}
          description="Campaigns already scheduled from it are not changed."
          submitLabel="Rename"
          initialName={active.name}
          save={async (name) => {
            await rename.mutateAsync({ id: active.id, name });
          }}
        />
      ) : null}
      {active ? (
        <ConfirmDialog
          open={dialog === "delete"}
          onOpenChange={(open) => setDialog(open ? "delete" : null)}
          title={`Delete “${active.name}”?`}
          description="The leads stay as they are. Campaigns already scheduled from this selection keep their own copy of its filters and still go to the same leads."
          confirmLabel="Delete selection"
          onConfirm={async () => {
            await remove.mutateAsync({ id: active.id });
            onApply({ selectionId: null });
          }}
        />
      ) : null}
    </div>
  );
}

/** Asks for a selection's name; the server's refusal (a name already used, too long) shows under the field. */
function NameDialog({
  open,
  onOpenChange,
  title,
  description,
  submitLabel,
  initialName,
  save,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: string;
  description: string;
  submitLabel: string;
  initialName: string;
  save: (name: string) => Promise<void>;
}) {
  const [name, setName] = useState(initialName);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    if (!name.trim()) return setError(new Error("Name the selection."));
    setPending(true);
    setError(null);
    try {
      await save(name);
      onOpenChange(false);
    } catch (e) {
      setError(e);
    } finally {
      setPending(false);
    }
  }

  const nameError = serverErrorOf(error, "name");
  return (
    <Dialog open={open} onOpenChange={(next) => !pending && onOpenChange(next)}>
      <DialogContent>
        <form onSubmit={(event) => void submit(event)} className="grid gap-4" noValidate>
          <DialogHeader>
            <DialogTitle>{title}</DialogTitle>
            <DialogDescription>{description}</DialogDescription>
          </DialogHeader>
          <FormField id="lead-selection-name" label="Name" error={nameError}>
            <Input value={name} maxLength={120} onChange={(e) => setName(e.target.value)} autoComplete="off" />
          </FormField>
          <FormError message={error && !nameError ? serverErrorOf(error) : undefined} />
          <DialogFooter>
            <DialogClose asChild>
              <Button variant="outline" disabled={pending}>
                Cancel
              </Button>
            </DialogClose>
            <SubmitButton pending={pending}>{submitLabel}</SubmitButton>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}

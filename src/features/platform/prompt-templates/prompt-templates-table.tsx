"use client";

import { useState } from "react";
import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import { PencilIcon, PlusIcon, Trash2Icon } from "lucide-react";

import { useTRPC } from "@/trpc/react";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { LoadMore } from "@/components/data/load-more";
import { SearchInput } from "@/components/data/search-input";
import { TableMessageRow, TableSkeletonRows } from "@/components/data/table-states";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Table, TableBody, TableCaption, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { RouterOutputs } from "@/lib/api-types";
import { ZonedTime } from "@/features/crm/viewer-zone";
import { useDebouncedValue } from "@/lib/use-debounced-value";
import { ActivateTemplateDialog } from "./activate-template-dialog";
import { PromptTemplateDialog } from "./prompt-template-dialog";

type Template = RouterOutputs["promptTemplates"]["list"]["items"][number];
const COLUMNS = 5;

/** The platform's prompt template catalogue: write, edit, delete, and activate a template for a workspace. */
export function PromptTemplatesTable() {
  const trpc = useTRPC();
  const [search, setSearch] = useState("");
  const debouncedSearch = useDebouncedValue(search.trim());
  const [creating, setCreating] = useState(false);
  const templates = useInfiniteQuery(
    trpc.promptTemplates.list.infiniteQueryOptions(
      { limit: 25, search: debouncedSearch || undefined },
      { getNextPageParam: (page) => page.nextCursor ?? undefined },
    ),
  );
  const rows = templates.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <div className="grid gap-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <SearchInput label="Search templates" placeholder="Search name, description or tag" value={search} onChange={setSearch} />
        <Button onClick={() => setCreating(true)}>
          <PlusIcon aria-hidden="true" />
          New template
        </Button>
      </div>
      <PromptTemplateDialog open={creating} onOpenChange={setCreating} />
      <Table>
        <TableCaption>Prompt templates</TableCaption>
        <TableHeader>
          <TableRow>
            <TableHead>Template</TableHead>
            <TableHead>Category and tags</TableHead>
            <TableHead className="text-right">Temperature</TableHead>
            <TableHead>Updated</TableHead>
            <TableHead>
              <span className="sr-only">Actions</span>
            </TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {templates.isPending ? (
            <TableSkeletonRows columns={COLUMNS} label="Loading prompt templates" />
          ) : templates.isError ? (
            <TableMessageRow columns={COLUMNS} tone="error">
              Prompt templates could not be loaded: {templates.error.message}
            </TableMessageRow>
          ) : rows.length === 0 ? (
            <TableMessageRow columns={COLUMNS}>
              {debouncedSearch ? `No template matches “${debouncedSearch}”.` : "No prompt templates yet. Write the first with “New template”."}
            </TableMessageRow>
          ) : (
            rows.map((template) => <TemplateRow key={template.id} template={template} />)
          )}
        </TableBody>
      </Table>
      <LoadMore hasNextPage={templates.hasNextPage} isFetchingNextPage={templates.isFetchingNextPage} onLoadMore={() => void templates.fetchNextPage()} />
    </div>
  );
}

function TemplateRow({ template }: { template: Template }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const remove = useMutation(trpc.promptTemplates.delete.mutationOptions());
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [activating, setActivating] = useState(false);

  return (
    <TableRow>
      <TableCell>
        <div className="grid max-w-md gap-0.5">
          <span className="flex items-center gap-2 font-medium">
            {template.name}
            {template.isDefault ? <Badge variant="success">Platform default</Badge> : null}
          </span>
          {template.description ? <span className="truncate text-xs text-muted-foreground">{template.description}</span> : null}
        </div>
      </TableCell>
      <TableCell>
        <div className="flex flex-wrap gap-1">
          {template.category ? <Badge variant="secondary">{template.category}</Badge> : null}
          {template.tags.map((tag) => (
            <Badge key={tag} variant="outline">
              {tag}
            </Badge>
          ))}
        </div>
      </TableCell>
      <TableCell className="text-right tabular-nums">{template.temperature}</TableCell>
      <TableCell className="whitespace-nowrap text-muted-foreground"><ZonedTime value={template.updatedAt} /></TableCell>
      <TableCell>
        <div className="flex justify-end gap-1">
          <Button variant="outline" size="sm" onClick={() => setActivating(true)} aria-label={`Activate ${template.name} for a workspace`}>
            Activate for…
          </Button>
          <Button variant="ghost" size="icon" onClick={() => setEditing(true)} aria-label={`Edit ${template.name}`}>
            <PencilIcon aria-hidden="true" />
          </Button>
          <Button
            variant="ghost"
            size="icon"
            className="text-destructive hover:bg-destructive/10 hover:text-destructive"
            onClick={() => setDeleting(true)}
            aria-label={`Delete ${template.name}`}
          >
            <Trash2Icon aria-hidden="true" />
          </Button>
        </div>
        <PromptTemplateDialog templateId={template.id} open={editing} onOpenChange={setEditing} />
        <ActivateTemplateDialog template={template} open={activating} onOpenChange={setActivating} />
        <ConfirmDialog
          open={deleting}
          onOpenChange={setDeleting}
          title={`Delete ${template.name}?`}
          description="Refused while a strategy uses it or a workspace has it active; move them to another template first."
          confirmLabel="Delete template"
          onConfirm={async () => {
            await remove.mutateAsync({ id: template.id });
            await queryClient.invalidateQueries({ queryKey: trpc.promptTemplates.list.pathKey() });
          }}
        />
      </TableCell>
    </TableRow>
  );
}

"use client";

import { useState } from "react";
import { useRouter, useSearchParams } from "next/navigation";
import { useMutation, useQuery } from "@tanstack/react-query";
import { ArrowLeftIcon, SendIcon } from "lucide-react";

import { useTRPC } from "@/trpc/react";
import { FormError } from "@/components/forms/form-error";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import type { RouterOutputs } from "@/lib/api-types";
import { mergeFieldProblems } from "@/lib/merge-fields";
import type { LeadFilters } from "@/schemas/leads";
import type { CampaignAudience, CampaignLeadFilters } from "@/schemas/campaigns";
import { parseZonedInput, zoneDisplayName } from "@/lib/time";
import { useViewer } from "@/features/crm/use-viewer";
import { ALL, NONE, readListState, toLeadFilters, type FilterValues } from "@/features/leads/lead-list-url";
import { LeadStatusSelect } from "@/features/leads/lead-status-select";
import { StrategySelect } from "@/features/strategies/strategy-select";
import { useDebouncedValue } from "@/lib/use-debounced-value";
import { MemberSelect } from "@/features/crm/member-select";
import { SKIP_REASON_LABELS } from "./campaign-labels";
import { MessageTextField } from "./message-text-field";

type Preview = RouterOutputs["campaigns"]["preview"];

/** The leads list's filters without "archived": archived leads are never texted. */
function campaignFiltersOf(filters: LeadFilters): CampaignLeadFilters {
  const { archived, ...rest } = filters;
  void archived;
  return rest;
}

/** Two steps: who and what (the leads list filters, the message, when), then a review of the first 5 texts. */
export function NewCampaign() {
  const trpc = useTRPC();
  const router = useRouter();
  const workspace = useQuery(trpc.workspace.current.queryOptions());
  const templates = useQuery(trpc.messageTemplates.list.queryOptions());
  const preview = useMutation(trpc.campaigns.preview.mutationOptions());
  const create = useMutation(trpc.campaigns.create.mutationOptions());
  const selections = useQuery(trpc.leadSelections.list.queryOptions());
  const viewer = useViewer();
  const zone = workspace.data?.settings.timezone ?? "UTC";
  const params = useSearchParams();
  const linkedSelection = /^[1-9]\d{0,8}$/.test(params.get("selection") ?? "") ? params.get("selection")! : "";

  const [source, setSource] = useState<"filters" | "selection">(linkedSelection ? "selection" : "filters");
  const [selectionId, setSelectionId] = useState(linkedSelection);
  const [name, setName] = useState("");
  // "Text these leads" on the leads list opens this page with the list's own address: its filters start here.
  const linked = readListState(new URLSearchParams(params.toString()));
  const [search, setSearch] = useState(linked.search);
  const [filters, setFilters] = useState<FilterValues>({ ...linked.filters, archived: false });
  const setFilter = <K extends keyof FilterValues>(key: K) => (value: FilterValues[K]) => setFilters((current) => ({ ...current, [key]: value }));
  const [body, setBody] = useState("");
  const [when, setWhen] = useState<"now" | "later">("now");
  const [sendAt, setSendAt] = useState("");
  const [review, setReview] = useState<Preview | null>(null);
  const [error, setError] = useState<string>();

  const selection = selections.data?.find((s) => String(s.id) === selectionId) ?? null;
  const audience: CampaignAudience | null =
    source === "selection"
      ? selection
        ? { kind: "selection", selectionId: selection.id }
        : null
      : { kind: "filters", filters: campaignFiltersOf(toLeadFilters(search, filters, viewer.timeZone)) };
  // The live count: how many leads the recipients name now, and how many can get the text.
  const countedKey = useDebouncedValue(JSON.stringify(audience));
  const countedAudience = JSON.parse(countedKey) as CampaignAudience | null;
  const count = useQuery(
    trpc.campaigns.countRecipients.queryOptions({ audience: countedAudience as Exclude<CampaignAudience, { kind: "leads" }> }, { enabled: countedAudience !== null, retry: false, placeholderData: (previous) => previous }),
  );

  async function toReview(event: React.FormEvent) {
    event.preventDefault();
    if (!name.trim()) return setError("Name the campaign.");
    if (!body.trim()) return setError("Write the message.");
    if (mergeFieldProblems(body).length > 0) return setError("Fix the personal details marked in the message first.");
    if (when === "later" && !sendAt) return setError("Choose when to send it.");
    if (!audience) return setError("Choose a saved selection, or send to leads matching filters.");
    const from = parseZonedInput(filters.from, viewer.timeZone);
    const to = parseZonedInput(filters.to, viewer.timeZone, { endOfDay: true });
    if (from && to && from > to) return setError("The “Created to” date must be on or after “Created from”.");
    setError(undefined);
    try {
      setReview(await preview.mutateAsync({ body, audience }));
    } catch (e) {
      setError((e as Error).message);
    }
  }

  async function schedule() {
    if (!audience) return;
    setError(undefined);
    try {
      const created = await create.mutateAsync({ name, body, audience, sendAt: when === "now" ? "now" : sendAt });
      router.push(`/campaigns/${created.id}`);
    } catch (e) {
      setError((e as Error).message);
    }
  }

  if (review) {
    return (
      <div className="grid gap-6">
        <Card>
          <CardHeader>
            <CardTitle className="text-base">Review</CardTitle>
            <CardDescription>
              {review.recipients.toLocaleString("en-US")} {review.recipients === 1 ? "lead" : "leads"} will get this text
              {when === "now" ? " starting now" : ` from ${sendAt.replace("T", " ")} (${zone})`}.
            </CardDescription>
          </CardHeader>
          <CardContent className="grid gap-4">
            {source === "selection" && selection ? (
              <p className="text-sm text-muted-foreground">
                Recipients: the leads matching the saved selection “{selection.name}” now. The campaign keeps its own copy of the selection&apos;s
                filters, so editing or deleting the selection later does not change it.
              </p>
            ) : null}
            {review.skipped > 0 ? (
              <div className="text-sm">
                <p className="font-medium">Skipped: {review.skipped.toLocaleString("en-US")}</p>
                <ul className="list-disc pl-5 text-muted-foreground">
                  {(Object.keys(SKIP_REASON_LABELS) as Array<keyof typeof SKIP_REASON_LABELS>)
                    .filter((reason) => review[reason] > 0)
                    .map((reason) => (
                      <li key={reason}>
                        {SKIP_REASON_LABELS[reason]}: {review[reason].toLocaleString("en-US")}
                      </li>
                    ))}
                </ul>
              </div>
            ) : null}
            <div className="grid gap-2">
              <p className="text-sm font-medium">The first {review.samples.length} texts</p>
              <ul className="grid gap-2">
                {review.samples.map((s) => (
                  <li key={s.leadId} className="rounded-md border px-3 py-2 text-sm">
                    <span className="text-xs text-muted-foreground">
                      To {s.leadName} ({s.phone}) · {s.segments} {s.segments === 1 ? "text message" : "text messages"}
                    </span>
                    <p className="whitespace-pre-wrap break-words">{s.text}</p>
                  </li>
                ))}
              </ul>
            </div>
            <FormError message={error} />
            <div className="flex flex-wrap justify-between gap-2">
              <Button variant="outline" onClick={() => setReview(null)}>
                <ArrowLeftIcon aria-hidden="true" />
                Back
              </Button>
              <Button disabled={create.isPending || review.recipients === 0} onClick={() => void schedule()}>
                <SendIcon aria-hidden="true" />
                {create.isPending ? "Scheduling…" : when === "now" ? "Send now" : "Schedule"}
              </Button>
            </div>
          </CardContent>
        </Card>
      </div>
    );
  }

  return (
    <form className="grid gap-6" onSubmit={(e) => void toReview(e)}>
      <Card>
        <CardHeader>
          <CardTitle className="text-base">Recipients</CardTitle>
          <CardDescription>Leads matching filters, as on the leads page, or a selection saved there. Archived leads are never texted.</CardDescription>
        </CardHeader>
        <CardContent className="grid gap-4">
          <div className="flex flex-wrap gap-2" role="radiogroup" aria-label="Choose the recipients by">
            <Button type="button" role="radio" aria-checked={source === "filters"} variant={source === "filters" ? "default" : "outline"} onClick={() => setSource("filters")}>
              Leads matching filters
            </Button>
            <Button type="button" role="radio" aria-checked={source === "selection"} variant={source === "selection" ? "default" : "outline"} onClick={() => setSource("selection")}>
              A saved selection
            </Button>
          </div>
          {source === "filters" ? (
            <div className="grid gap-4 sm:grid-cols-3">
              <div className="grid gap-2">
                <Label htmlFor="campaign-search">Name, phone, email or company contains</Label>
                <Input id="campaign-search" value={search} maxLength={120} onChange={(e) => setSearch(e.target.value)} />
              </div>
              <div className="grid gap-2">
                <Label htmlFor="campaign-status">Status</Label>
                <LeadStatusSelect id="campaign-status" value={filters.status} onValueChange={setFilter("status")} extraOptions={[{ value: ALL, label: "Any status" }]} />
              </div>
              <div className="grid gap-2">
                <Label htmlFor="campaign-owner">Owner</Label>
                <MemberSelect
                  id="campaign-owner"
                  value={filters.owner}
                  onValueChange={setFilter("owner")}
                  extraOptions={[
                    { value: ALL, label: "Anyone" },
                    { value: NONE, label: "Nobody" },
                  ]}
                />
              </div>
              <div className="grid gap-2">
                <Label htmlFor="campaign-strategy">Strategy</Label>
                <StrategySelect id="campaign-strategy" value={filters.strategy} onValueChange={setFilter("strategy")} extraOptions={[{ value: ALL, label: "Any strategy" }]} />
              </div>
              <div className="grid gap-2">
                <Label htmlFor="campaign-from">Created from ({zoneDisplayName(viewer.timeZone)})</Label>
                <Input id="campaign-from" type="date" value={filters.from} onChange={(e) => setFilter("from")(e.target.value)} />
              </div>
              <div className="grid gap-2">
                <Label htmlFor="campaign-to">Created to</Label>
                <Input id="campaign-to" type="date" value={filters.to} onChange={(e) => setFilter("to")(e.target.value)} />
              </div>
            </div>
          ) : (
            <div className="grid gap-2">
              <Label htmlFor="campaign-selection">Saved selection</Label>
              <Select value={selectionId} onValueChange={setSelectionId}>
                <SelectTrigger id="campaign-selection" className="sm:w-72">
                  <SelectValue placeholder={selections.data?.length === 0 ? "No selection saved yet" : "Choose a saved selection"} />
                </SelectTrigger>
                <SelectContent>
                  {(selections.data ?? []).map((s) => (
                    <SelectItem key={s.id} value={String(s.id)} disabled={!s.filters || s.filters.archived}>
                      {s.name}
                      {!s.filters ? " (can no longer be read)" : s.filters.archived ? " (archived leads: never texted)" : ""}
                    </SelectItem>
                  ))}
                </SelectContent>
              </Select>
              <p className="text-xs text-muted-foreground">
                Save selections on the leads page. The campaign keeps its own copy of the selection&apos;s filters when you schedule it: editing or
                deleting the selection afterwards does not change who gets this campaign.
              </p>
            </div>
          )}
          <p className="text-sm" role="status" aria-live="polite" aria-label="Recipients count">
            {!audience
              ? "Choose a saved selection to see how many leads it names."
              : count.isError
                ? count.error.message
                : count.data
                  ? `${count.data.total.toLocaleString("en-US")} ${count.data.total === 1 ? "lead matches" : "leads match"} now · ${count.data.recipients.toLocaleString("en-US")} can get the text${count.data.skipped > 0 ? ` (${count.data.skipped.toLocaleString("en-US")} skipped: no valid number, opted out or a repeated number)` : ""}`
                  : "Counting…"}
          </p>
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle className="text-base">Message</CardTitle>
        </CardHeader>
        <CardContent className="grid gap-4">
          <div className="grid gap-2">
            <Label htmlFor="campaign-name">Campaign name (only your team sees it)</Label>
            <Input id="campaign-name" value={name} maxLength={120} onChange={(e) => setName(e.target.value)} />
          </div>
          {templates.data && templates.data.length > 0 ? (
            <div className="grid gap-2">
              <Label htmlFor="campaign-template">Start from a template</Label>
              <Select onValueChange={(id) => setBody(templates.data.find((t) => String(t.id) === id)?.body ?? body)}>
                <SelectTrigger id="campaign-template" className="sm:w-64">
                  <SelectValue placeholder="Choose a template" />
                </SelectTrigger>
                <SelectContent>
                  {templates.data.map((t) => (
                    <SelectItem key={t.id} value={String(t.id)}>
                      {t.name}
                    </SelectItem>
                  ))}
                </SelectContent>
              </Select>
            </div>
          ) : null}
          <MessageTextField id="campaign-body" value={body} onChange={setBody} />
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle className="text-base">When</CardTitle>
          <CardDescription>Texts go out at your number&apos;s sending pace; those that would arrive in quiet hours wait until morning.</CardDescription>
        </CardHeader>
        <CardContent className="grid gap-3">
          <div className="flex flex-wrap gap-2" role="radiogroup" aria-label="When to send">
            <Button type="button" role="radio" aria-checked={when === "now"} variant={when === "now" ? "default" : "outline"} onClick={() => setWhen("now")}>
              Send now
            </Button>
            <Button type="button" role="radio" aria-checked={when === "later"} variant={when === "later" ? "default" : "outline"} onClick={() => setWhen("later")}>
              Schedule for later
            </Button>
          </div>
          {when === "later" ? (
            <div className="grid gap-2 sm:w-72">
              <Label htmlFor="campaign-send-at">Date and time ({zone}, your business&apos;s time zone)</Label>
              <Input id="campaign-send-at" type="datetime-local" value={sendAt} onChange={(e) => setSendAt(e.target.value)} />
            </div>
          ) : null}
        </CardContent>
      </Card>
      <FormError message={error} />
      <div className="flex justify-end">
        <Button type="submit" disabled={preview.isPending}>
          {preview.isPending ? "Preparing…" : "Review"}
        </Button>
      </div>
    </form>
  );
}

"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
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
import { LEAD_STATUSES, type LeadStatusValue } from "@/schemas/leads";
import type { CampaignAudience } from "@/schemas/campaigns";
import { MemberSelect } from "@/features/crm/member-select";
import { LEAD_STATUS_LABELS } from "@/features/leads/lead-status";
import { SKIP_REASON_LABELS } from "./campaign-labels";
import { MessageTextField } from "./message-text-field";

type Preview = RouterOutputs["campaigns"]["preview"];
const ANY = "any";
const NOBODY = "none";

/** Two steps: who and what (the leads list filters, the message, when), then a review of the first 5 texts. */
export function NewCampaign() {
  const trpc = useTRPC();
  const router = useRouter();
  const workspace = useQuery(trpc.workspace.current.queryOptions());
  const templates = useQuery(trpc.messageTemplates.list.queryOptions());
  const preview = useMutation(trpc.campaigns.preview.mutationOptions());
  const create = useMutation(trpc.campaigns.create.mutationOptions());
  const zone = workspace.data?.settings.timezone ?? "UTC";

  const [name, setName] = useState("");
  const [search, setSearch] = useState("");
  const [status, setStatus] = useState<string>(ANY);
  const [owner, setOwner] = useState<string>(ANY);
  const [body, setBody] = useState("");
  const [when, setWhen] = useState<"now" | "later">("now");
  const [sendAt, setSendAt] = useState("");
  const [review, setReview] = useState<Preview | null>(null);
  const [error, setError] = useState<string>();

  const audience: CampaignAudience = {
    kind: "filters",
    filters: {
      ...(search.trim() ? { search: search.trim() } : {}),
      ...(status !== ANY ? { status: status as LeadStatusValue } : {}),
      ...(owner === NOBODY ? { ownerId: null } : owner !== ANY ? { ownerId: Number(owner) } : {}),
    },
  };

  async function toReview(event: React.FormEvent) {
    event.preventDefault();
    if (!name.trim()) return setError("Name the campaign.");
    if (!body.trim()) return setError("Write the message.");
    if (mergeFieldProblems(body).length > 0) return setError("Fix the personal details marked in the message first.");
    if (when === "later" && !sendAt) return setError("Choose when to send it.");
    setError(undefined);
    try {
      setReview(await preview.mutateAsync({ body, audience }));
    } catch (e) {
      setError((e as Error).message);
    }
  }

  async function schedule() {
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
          <CardDescription>Leads matching these filters, as on the leads page. Archived leads are never texted.</CardDescription>
        </CardHeader>
        <CardContent className="grid gap-4 sm:grid-cols-3">
          <div className="grid gap-2">
            <Label htmlFor="campaign-search">Name, phone, email or company contains</Label>
            <Input id="campaign-search" value={search} maxLength={120} onChange={(e) => setSearch(e.target.value)} />
          </div>
          <div className="grid gap-2">
            <Label htmlFor="campaign-status">Status</Label>
            <Select value={status} onValueChange={setStatus}>
              <SelectTrigger id="campaign-status">
                <SelectValue />
              </SelectTrigger>
              <SelectContent>
                <SelectItem value={ANY}>Any status</SelectItem>
                {LEAD_STATUSES.map((s) => (
                  <SelectItem key={s} value={s}>
                    {LEAD_STATUS_LABELS[s]}
                  </SelectItem>
                ))}
              </SelectContent>
            </Select>
          </div>
          <div className="grid gap-2">
            <Label htmlFor="campaign-owner">Owner</Label>
            <MemberSelect
              id="campaign-owner"
              value={owner}
              onValueChange={setOwner}
              extraOptions={[
                { value: ANY, label: "Anyone" },
                { value: NOBODY, label: "Nobody" },
              ]}
            />
          </div>
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

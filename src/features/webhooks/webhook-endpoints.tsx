"use client";

import { useState } from "react";
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { useTRPC } from "@/trpc/react";
import { ConfirmButton } from "@/components/confirm-dialog";
import { SecretRevealStep } from "@/components/secret-reveal";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Dialog, DialogContent } from "@/components/ui/dialog";
import type { RouterOutputs } from "@/lib/api-types";
import { DOMAIN_EVENT_LABELS, type DomainEventType } from "@/lib/domain-events";
import { ZonedTime } from "@/features/crm/viewer-zone";
import { describeEventTypes } from "./event-type-picker";
import { EditWebhookDialog, SIGNING_SECRET_WARNING } from "./create-webhook-dialog";

type Endpoint = RouterOutputs["webhooks"]["list"][number];
type Delivery = RouterOutputs["webhooks"]["deliveries"]["items"][number];

/** The workspace's endpoints, each a card with its events, state, actions and delivery log (fits a phone). */
export function WebhookEndpoints() {
  const trpc = useTRPC();
  const endpoints = useQuery(trpc.webhooks.list.queryOptions());
  if (endpoints.isPending) return <p className="text-sm text-muted-foreground">Loading webhook endpoints…</p>;
  if (endpoints.isError) return <p role="alert" className="text-sm text-destructive">Webhook endpoints could not be loaded: {endpoints.error.message}</p>;
  if (endpoints.data.length === 0) {
    return <p className="text-sm text-muted-foreground">No endpoints yet. Add one to send this workspace&apos;s events to another system, such as Zapier or your own server.</p>;
  }
  return (
    <ul className="grid gap-4">
      {endpoints.data.map((endpoint) => (
        <li key={endpoint.id} data-testid="webhook-endpoint">
          <EndpointCard endpoint={endpoint} />
        </li>
      ))}
    </ul>
  );
}

function EndpointCard({ endpoint }: { endpoint: Endpoint }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [showLog, setShowLog] = useState(false);
  const [rotatedSecret, setRotatedSecret] = useState<string | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.webhooks.list.queryKey() });
  const refreshLog = () => queryClient.invalidateQueries({ queryKey: trpc.webhooks.deliveries.pathKey() });
  const setEnabled = useMutation(trpc.webhooks.setEnabled.mutationOptions({ onSuccess: refresh }));
  const rotate = useMutation(trpc.webhooks.rotateSecret.mutationOptions());
  const remove = useMutation(trpc.webhooks.delete.mutationOptions({ onSuccess: refresh }));
  const sendTest = useMutation(
    trpc.webhooks.sendTest.mutationOptions({
      onSuccess: () => {
        setShowLog(true);
        void refreshLog();
      },
    }),
  );
  const title = endpoint.description || endpoint.url;

  return (
    <Card>
      <CardHeader className="gap-2">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <CardTitle className="min-w-0 text-base break-words">{title}</CardTitle>
          {endpoint.enabled ? <Badge variant="success">On</Badge> : <Badge variant="destructive">Off</Badge>}
        </div>
        {endpoint.description ? <p className="text-sm break-all text-muted-foreground">{endpoint.url}</p> : null}
      </CardHeader>
      <CardContent className="grid gap-3 text-sm">
        {!endpoint.enabled && endpoint.disabledReason ? (
          <p role="status" className="rounded-md bg-destructive/10 p-2 text-destructive">
            {endpoint.disabledReason} Since <ZonedTime value={endpoint.disabledAt} />.
          </p>
        ) : null}
        {endpoint.enabled && endpoint.failingSince ? (
          <p className="text-destructive">
            Deliveries have been failing since <ZonedTime value={endpoint.failingSince} />. After 24 hours of failures the endpoint is turned off.
          </p>
        ) : null}
        <div>
          <p className="mb-1 font-medium">Events</p>
          <ul className="flex flex-wrap gap-1">
            {describeEventTypes(endpoint.eventTypes).map((label) => (
              <li key={label}>
                <Badge variant="outline">{label}</Badge>
              </li>
            ))}
          </ul>
        </div>
        {endpoint.rotationOverlapUntil ? (
          <p className="text-muted-foreground">
            The previous signing secret also signs until <ZonedTime value={endpoint.rotationOverlapUntil} />.
          </p>
        ) : null}
        <div className="flex flex-wrap gap-2">
          <Button size="sm" variant="outline" disabled={sendTest.isPending} onClick={() => sendTest.mutate({ id: endpoint.id })}>
            {sendTest.isPending ? "Sending…" : "Send test event"}
          </Button>
          <EditWebhookDialog endpoint={endpoint} />
          <Button size="sm" variant="outline" disabled={setEnabled.isPending} onClick={() => setEnabled.mutate({ id: endpoint.id, enabled: !endpoint.enabled })}>
            {endpoint.enabled ? "Turn off" : "Turn on"}
          </Button>
          <ConfirmButton
            label="Rotate secret"
            ariaLabel={`Rotate the signing secret of ${title}`}
            title="Rotate the signing secret?"
            description="A new secret signs from now on. The current one keeps signing beside it for 24 hours, so the receiver can switch without missing an event."
            confirmLabel="Rotate secret"
            onConfirm={async () => {
              const result = await rotate.mutateAsync({ id: endpoint.id });
              setRotatedSecret(result.secret);
              await refresh();
            }}
          />
          <ConfirmButton
            label="Delete"
            ariaLabel={`Delete ${title}`}
            title="Delete this endpoint?"
            description="No more events are sent to it, and its delivery log is deleted. This cannot be undone."
            confirmLabel="Delete endpoint"
            destructive
            onConfirm={() => remove.mutateAsync({ id: endpoint.id })}
          />
          <Button size="sm" variant="ghost" aria-expanded={showLog} onClick={() => setShowLog((v) => !v)}>
            {showLog ? "Hide delivery log" : "Delivery log"}
          </Button>
        </div>
        {sendTest.isError ? <p role="alert" className="text-destructive">{sendTest.error.message}</p> : null}
        {setEnabled.isError ? <p role="alert" className="text-destructive">{setEnabled.error.message}</p> : null}
        {showLog ? <DeliveryLog endpointId={endpoint.id} /> : null}
      </CardContent>
      <Dialog open={rotatedSecret !== null} onOpenChange={(open) => !open && setRotatedSecret(null)}>
        <DialogContent className="max-h-[90dvh] overflow-y-auto">
          {rotatedSecret ? (
            <SecretRevealStep
              title="New signing secret"
              description="Put it in the receiving system within 24 hours; until then the previous secret signs too."
              doneLabel="I have stored the secret"
              label="Signing secret"
              value={rotatedSecret}
              warning={SIGNING_SECRET_WARNING}
            />
          ) : null}
        </DialogContent>
      </Dialog>
    </Card>
  );
}

const STATUS: Record<Delivery["status"], { label: string; variant: "success" | "secondary" | "destructive" }> = {
  succeeded: { label: "Delivered", variant: "success" },
  pending: { label: "Retrying", variant: "secondary" },
  failed: { label: "Failed", variant: "destructive" },
};

function DeliveryLog({ endpointId }: { endpointId: number }) {
  const trpc = useTRPC();
  const log = useInfiniteQuery(
    trpc.webhooks.deliveries.infiniteQueryOptions(
      { endpointId, limit: 20 },
      {
        getNextPageParam: (page) => page.nextCursor,
        // Deliveries arrive with every event: opening the log reads it afresh.
        staleTime: 0,
        // While something is being sent, follow it closely; while a delivery waits for its next attempt, now and then.
        refetchInterval: (query) => {
          const pending = query.state.data?.pages.flatMap((p) => p.items).filter((d) => d.status === "pending") ?? [];
          if (pending.some((d) => d.attempts === 0)) return 2_000;
          return pending.length ? 10_000 : false;
        },
      },
    ),
  );
  if (log.isPending) return <p className="text-muted-foreground">Loading deliveries…</p>;
  if (log.isError) return <p role="alert" className="text-destructive">The delivery log could not be loaded: {log.error.message}</p>;
  const items = log.data.pages.flatMap((p) => p.items);
  if (!items.length) return <p className="text-muted-foreground">Nothing sent yet.</p>;
  return (
    <div className="grid gap-2">
      <ul className="grid gap-2" aria-label="Deliveries">
        {items.map((delivery) => (
          <DeliveryRow key={delivery.id} delivery={delivery} />
        ))}
      </ul>
      {log.hasNextPage ? (
        <Button size="sm" variant="outline" className="justify-self-start" disabled={log.isFetchingNextPage} onClick={() => void log.fetchNextPage()}>
          {log.isFetchingNextPage ? "Loading…" : "Older deliveries"}
        </Button>
      ) : null}
    </div>
  );
}

function DeliveryRow({ delivery }: { delivery: Delivery }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const resend = useMutation(trpc.webhooks.resend.mutationOptions({ onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.webhooks.deliveries.pathKey() }) }));
  const status = delivery.status === "pending" && delivery.attempts === 0 ? { label: "Sending", variant: "secondary" as const } : STATUS[delivery.status];
  const eventLabel = DOMAIN_EVENT_LABELS[delivery.eventType as DomainEventType]?.label ?? delivery.eventType;
  return (
    <li className="grid gap-1 rounded-md border p-2">
      <div className="flex flex-wrap items-center gap-2">
        <Badge variant={status.variant}>{status.label}</Badge>
        <span className="font-medium">{eventLabel}</span>
        {delivery.isTest ? <Badge variant="outline">Test</Badge> : null}
        {delivery.resendOfId ? <Badge variant="outline">Resent</Badge> : null}
        <span className="text-muted-foreground">
          <ZonedTime value={delivery.lastAttemptAt ?? delivery.createdAt} />
        </span>
      </div>
      <p className="text-muted-foreground">
        {delivery.attempts === 0 ? "Not tried yet." : `${delivery.attempts} ${delivery.attempts === 1 ? "attempt" : "attempts"}`}
        {delivery.responseStatus !== null ? ` · HTTP ${delivery.responseStatus}` : ""}
        {delivery.durationMs !== null ? ` · ${delivery.durationMs} ms` : ""}
        {delivery.nextAttemptAt ? (
          <>
            {" · next attempt "}
            <ZonedTime value={delivery.nextAttemptAt} />
          </>
        ) : null}
      </p>
      {delivery.error ? <p className="text-destructive">{delivery.error}</p> : null}
      {delivery.responseExcerpt ? (
        <details>
          <summary className="cursor-pointer text-muted-foreground">What the endpoint answered</summary>
          <pre className="mt-1 max-h-48 overflow-auto rounded bg-muted p-2 text-xs break-all whitespace-pre-wrap">{delivery.responseExcerpt}</pre>
        </details>
      ) : null}
      {delivery.status !== "pending" ? (
        <div>
          <Button size="sm" variant="outline" disabled={resend.isPending} onClick={() => resend.mutate({ id: delivery.id })}>
            {resend.isPending ? "Resending…" : "Resend"}
          </Button>
          {resend.isError ? <p role="alert" className="text-destructive">{resend.error.message}</p> : null}
        </div>
      ) : null}
    </li>
  );
}

"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { useTRPC } from "@/trpc/react";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { ZonedTime } from "@/features/crm/viewer-zone";

const REASONS = {
  bounce: "it bounced permanently",
  spam_complaint: "its owner marked an email as spam",
  unsubscribed: "its owner unsubscribed",
} as const;

/** On a lead's page: no email goes to this lead's address, why and since when; a person can lift it. */
export function EmailSuppressionNotice({ leadId }: { leadId: number }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const suppression = useQuery(trpc.email.leadSuppression.queryOptions({ leadId }));
  const lift = useMutation(
    trpc.email.liftSuppression.mutationOptions({ onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.email.leadSuppression.queryKey({ leadId }) }) }),
  );
  const row = suppression.data;
  if (!row) return null;
  return (
    <Alert variant="destructive" data-testid="email-suppressed">
      <AlertDescription className="grid gap-2">
        <span>
          No email is sent to {row.email}: {REASONS[row.reason]} (since <ZonedTime value={row.createdAt} />
          ).{row.detail ? ` ${row.detail}` : ""}
        </span>
        <span>
          <Button type="button" size="sm" variant="outline" disabled={lift.isPending} onClick={() => lift.mutate({ leadId })}>
            The address works again
          </Button>
        </span>
      </AlertDescription>
    </Alert>
  );
}

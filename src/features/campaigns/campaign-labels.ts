import type { RouterOutputs } from "@/lib/api-types";
import { formatDateTime } from "@/lib/time";

type CampaignProgress = RouterOutputs["campaigns"]["get"]["progress"];

export const CAMPAIGN_STATUS_LABELS = {
  scheduled: "Scheduled",
  sending: "Sending",
  paused: "Paused",
  completed: "Finished",
  cancelled: "Cancelled",
} as const;

export const SKIP_REASON_LABELS: Record<keyof CampaignProgress["skippedByReason"], string> = {
  opted_out: "Opted out of texts",
  no_phone: "No phone number",
  invalid_phone: "Not a valid phone number",
  duplicate_phone: "Same number as another recipient",
};

export const RECIPIENT_STATE_LABELS = {
  waiting: "Waiting",
  sending: "Sending",
  sent: "Sent",
  delivered: "Delivered",
  failed: "Not delivered",
  skipped: "Skipped",
  cancelled: "Cancelled",
} as const;

/** "Dec 10, 2026, 9:30 AM EST": an instant on a given clock, the zone shown. */
export function formatInZone(value: Date | string | null | undefined, timeZone: string): string {
  return formatDateTime(value, timeZone);
}

/** Share of the texted recipients that have gone out (sent, delivered or failed for good). */
export function campaignDonePercent(p: CampaignProgress): number {
  const toSend = p.waiting + p.sending + p.sent + p.delivered + p.failed;
  return toSend === 0 ? 100 : ((p.sent + p.delivered + p.failed) / toSend) * 100;
}

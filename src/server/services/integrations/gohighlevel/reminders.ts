import type { WorkspaceContext } from "@/server/context";
import { GHL_TEMPLATE_KEY } from "@/server/integrations/gohighlevel/template";
import { ghlSettingsOf } from "./connection";

/**
 * Whether GoHighLevel reminds the lead of this booking: it is linked to an appointment there (made there, or copied
 * there from here) on an enabled connection whose settings say GoHighLevel sends the reminders. Asked when a reminder
 * is due rather than when it is scheduled, so switching the setting applies to the reminders already waiting.
 */
export async function remindedByGoHighLevel(ctx: WorkspaceContext, bookingId: number): Promise<boolean> {
  const links = await ctx.db.integrationLink.findMany({
    where: { kind: "appointment", localId: bookingId, integration: { enabled: true, template: { key: GHL_TEMPLATE_KEY } } },
    select: { integration: { select: { config: true } } },
  });
  return links.some((link) => ghlSettingsOf(link.integration.config).remindersFromGoHighLevel);
}

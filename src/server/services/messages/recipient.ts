import { z } from "zod";
import { AppError } from "@/server/errors";
import { DeliveryError } from "@/server/integrations/messaging";
import { normalizePhone } from "@/server/services/phone";

/** The lead's phone or email as the driver needs it; a missing or unusable one fails the send for good. */
export function recipientOf(lead: { phone: string | null; email: string | null }, channel: "sms" | "email"): string {
  if (channel === "sms") {
    if (!lead.phone) throw new DeliveryError("The lead has no phone number.", { permanent: true });
    try {
      return normalizePhone(lead.phone, "US");
    } catch (e) {
      if (e instanceof AppError) throw new DeliveryError("The lead's phone number is not a valid number.", { permanent: true });
      throw e;
    }
  }
  if (!lead.email) throw new DeliveryError("The lead has no email address.", { permanent: true });
  if (!z.email().safeParse(lead.email).success) throw new DeliveryError("The lead's email address is not valid.", { permanent: true });
  return lead.email;
}

import type { Invitation } from "@/generated/prisma/client";

export type InvitationStatus = "active" | "expired" | "exhausted" | "deactivated";

export function invitationStatus(inv: Pick<Invitation, "isActive" | "expiresAt" | "maxUses" | "uses">, now = new Date()): InvitationStatus {
  if (!inv.isActive) return "deactivated";
  if (inv.expiresAt && inv.expiresAt <= now) return "expired";
  if (inv.maxUses !== null && inv.uses >= inv.maxUses) return "exhausted";
  return "active";
}

export const INVITATION_UNUSABLE: Record<Exclude<InvitationStatus, "active">, string> = {
  deactivated: "This invitation has been deactivated.",
  expired: "This invitation has expired.",
  exhausted: "This invitation has been used the maximum number of times.",
};

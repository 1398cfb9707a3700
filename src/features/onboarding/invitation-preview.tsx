import { Building2Icon } from "lucide-react";

import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { useViewerTime } from "@/features/crm/viewer-zone";

/** What a valid invitation code leads to: the workspace's name, the uses left and the expiry. */
export function InvitationPreview({
  invitation,
}: {
  invitation: { workspaceName: string; usesLeft: number | null; expiresAt: Date | null };
}) {
  const time = useViewerTime();
  const details = [
    invitation.usesLeft === null
      ? null
      : `${invitation.usesLeft} ${invitation.usesLeft === 1 ? "use" : "uses"} left`,
    invitation.expiresAt ? `expires ${time.dateTime(invitation.expiresAt)}` : null,
  ].filter(Boolean);

  return (
    <Alert variant="success">
      <Building2Icon aria-hidden="true" />
      <AlertTitle>
        You&apos;re joining <span data-testid="invitation-workspace">{invitation.workspaceName}</span>
      </AlertTitle>
      {details.length > 0 ? <AlertDescription>{details.join(" · ")}</AlertDescription> : null}
    </Alert>
  );
}

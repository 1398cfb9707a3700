import { InfoIcon } from "lucide-react";

import { Alert, AlertDescription } from "@/components/ui/alert";

const NOTICES: Record<string, string> = {
  "password-changed": "Your password was changed and every session was signed out. Sign in with your new password.",
  "session-expired": "Your session has ended. Please sign in again.",
  "signed-out": "You have been signed out.",
};

/** An explanation shown above the sign-in form when another page sent the user here (?reason=...). */
export function SignInNotice({ reason }: { reason?: string }) {
  const message = reason ? NOTICES[reason] : undefined;
  if (!message) return null;
  return (
    <Alert variant="info">
      <InfoIcon aria-hidden="true" />
      <AlertDescription>{message}</AlertDescription>
    </Alert>
  );
}

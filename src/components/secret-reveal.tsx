import { TriangleAlertIcon } from "lucide-react";

import { CopyButton } from "@/components/copy-button";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { DialogClose, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";

/**
 * A value shown exactly once (a temporary password, an API key, an authorization code): large, selectable,
 * with a copy button and a warning that it cannot be shown again.
 */
export function SecretReveal({ label, value, warning }: { label: string; value: string; warning: string }) {
  return (
    <div className="grid gap-3">
      <div className="grid gap-1.5">
        <span className="text-sm font-medium" id="secret-reveal-label">
          {label}
        </span>
        <div className="flex items-center gap-2">
          <code
            aria-labelledby="secret-reveal-label"
            data-testid="secret-value"
            className="min-w-0 flex-1 rounded-md border bg-muted/50 px-3 py-2 font-mono text-sm break-all select-all"
          >
            {value}
          </code>
          <CopyButton value={value} />
        </div>
      </div>
      <Alert variant="info">
        <TriangleAlertIcon aria-hidden="true" />
        <AlertDescription>{warning}</AlertDescription>
      </Alert>
    </div>
  );
}

/**
 * The last step of a dialog that creates something with a secret (a key, a code, a temporary password):
 * the secret, shown once, and the button that closes the dialog.
 */
export function SecretRevealStep({
  title,
  description,
  doneLabel = "Done",
  ...reveal
}: {
  title: React.ReactNode;
  description: React.ReactNode;
  doneLabel?: string;
  label: string;
  value: string;
  warning: string;
}) {
  return (
    <>
      <DialogHeader>
        <DialogTitle>{title}</DialogTitle>
        <DialogDescription>{description}</DialogDescription>
      </DialogHeader>
      <SecretReveal {...reveal} />
      <DialogFooter>
        <DialogClose asChild>
          <Button>{doneLabel}</Button>
        </DialogClose>
      </DialogFooter>
    </>
  );
}

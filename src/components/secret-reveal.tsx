import { TriangleAlertIcon } from "lucide-react";

import { CopyButton } from "@/components/copy-button";
import { Alert, AlertDescription } from "@/components/ui/alert";

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

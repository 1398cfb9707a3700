import * as React from "react";
import { Slot } from "radix-ui";

import { cn } from "@/lib/utils";
import { Label } from "./label";

interface FormFieldProps {
  /** The control's id; the label points at it and the hint/error ids derive from it. */
  id: string;
  label: React.ReactNode;
  /** A standing rule or explanation shown under the control ("At least 8 characters."). */
  hint?: React.ReactNode;
  error?: string;
  /** Something to show at the right of the label, e.g. a "Forgot password?" link. */
  labelAside?: React.ReactNode;
  className?: string;
  /** Exactly one control element: it receives id, aria-invalid and aria-describedby. */
  children: React.ReactElement;
}

/**
 * Label + control + hint + error. The control is wired for assistive technology: the label names it, the hint
 * and the error describe it, and aria-invalid marks it while an error shows.
 */
export function FormField({ id, label, hint, error, labelAside, className, children }: FormFieldProps) {
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(" ") || undefined;

  return (
    <div data-slot="form-field" className={cn("grid gap-2", className)}>
      <div className="flex items-center justify-between gap-2">
        <Label htmlFor={id}>{label}</Label>
        {labelAside}
      </div>
      <Slot.Root id={id} aria-invalid={error ? true : undefined} aria-describedby={describedBy}>
        {children}
      </Slot.Root>
      {hint || error ? (
        <div className="grid gap-1">
          {hint ? (
            <p id={hintId} className="text-xs text-muted-foreground">
              {hint}
            </p>
          ) : null}
          {error ? (
            <p id={errorId} className="text-xs font-medium text-destructive">
              {error}
            </p>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}

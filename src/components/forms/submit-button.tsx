import { Loader2Icon } from "lucide-react";

import { Button, type ButtonProps } from "@/components/ui/button";

/** A submit button that shows a spinner and blocks double submits while `pending`. */
export function SubmitButton({ pending, children, ...props }: ButtonProps & { pending: boolean }) {
  return (
    <Button type="submit" disabled={pending} aria-busy={pending || undefined} {...props}>
      {pending ? <Loader2Icon className="animate-spin" aria-hidden="true" /> : null}
      {children}
    </Button>
  );
}

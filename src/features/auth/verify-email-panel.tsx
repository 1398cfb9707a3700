"use client";

import Link from "next/link";
import { useMutation } from "@tanstack/react-query";
import { CircleCheckIcon } from "lucide-react";

import { useTRPC } from "@/trpc/react";
import { FormError } from "@/components/forms/form-error";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";

/**
 * Confirms the address with the link's token on a click, not on page load: mail scanners that open links must not
 * use them up.
 */
export function VerifyEmailPanel({ token }: { token: string }) {
  const trpc = useTRPC();
  const verify = useMutation(trpc.auth.verifyEmail.mutationOptions());

  if (verify.data) {
    return (
      <div className="grid gap-4">
        <Alert variant="success">
          <CircleCheckIcon aria-hidden="true" />
          <AlertDescription>{verify.data.email} is confirmed. You can sign in now.</AlertDescription>
        </Alert>
        <Button asChild className="w-full">
          <Link href="/sign-in">Sign in</Link>
        </Button>
      </div>
    );
  }

  const fieldErrors = verify.error?.data?.zodError?.fieldErrors as Record<string, string[] | undefined> | undefined;
  const problem = verify.error ? (fieldErrors?.token?.[0] ?? verify.error.message) : undefined;
  return (
    <div className="grid gap-4">
      <FormError message={problem} />
      <Button className="w-full" disabled={verify.isPending || !token} onClick={() => verify.mutate({ token })}>
        Confirm my email address
      </Button>
      <p className="text-center text-sm text-muted-foreground">
        Link not working?{" "}
        <Link href="/sign-in" className="font-medium text-primary underline-offset-4 hover:underline">
          Sign in
        </Link>{" "}
        to get a new one.
      </p>
    </div>
  );
}

"use client";

import { useState } from "react";
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { useQuery } from "@tanstack/react-query";
import { SearchIcon } from "lucide-react";
import type { z } from "zod";

import { signInAttemptsSchema } from "@/schemas/users";
import { useTRPC } from "@/trpc/react";
import { QueryError } from "@/components/data/query-error";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Skeleton } from "@/components/ui/skeleton";
import { AttemptsTable } from "./attempts-table";
import { LockoutsList } from "./lockouts-list";

type LookupValues = z.input<typeof signInAttemptsSchema>;

/** Looks up an email's last 50 sign-in attempts and its lockouts, which can be lifted from here. */
export function SignInAttempts() {
  const trpc = useTRPC();
  const [email, setEmail] = useState<string | null>(null);
  const {
    register,
    handleSubmit,
    formState: { errors },
  } = useForm<LookupValues, unknown, z.output<typeof signInAttemptsSchema>>({
    resolver: zodResolver(signInAttemptsSchema),
    defaultValues: { email: "" },
  });
  const result = useQuery({
    ...trpc.platform.security.signInAttempts.queryOptions({ email: email ?? "" }),
    enabled: email !== null,
  });

  return (
    <div className="grid gap-8">
      <form
        noValidate
        role="search"
        aria-label="Look up sign-in attempts"
        onSubmit={(event) => void handleSubmit((values) => setEmail(values.email))(event)}
        className="flex flex-wrap items-end gap-3"
      >
        <FormField id="attempts-email" label="Email" error={errors.email?.message} className="w-full max-w-sm">
          <Input type="email" inputMode="email" autoComplete="off" placeholder="person@example.com" {...register("email")} />
        </FormField>
        <Button type="submit" variant="secondary">
          <SearchIcon aria-hidden="true" />
          Look up
        </Button>
      </form>

      {email === null ? null : result.isPending ? (
        <div role="status" aria-label="Loading sign-in attempts" className="grid gap-2">
          <Skeleton className="h-24 w-full" />
          <Skeleton className="h-48 w-full" />
        </div>
      ) : result.isError ? (
        <QueryError what="Sign-in attempts" error={result.error} />
      ) : (
        <>
          <LockoutsList email={email} lockouts={result.data.lockouts} />
          <AttemptsTable email={email} attempts={result.data.attempts} />
        </>
      )}
    </div>
  );
}

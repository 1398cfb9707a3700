"use client";

import { useState } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { LockOpenIcon } from "lucide-react";

import { useTRPC } from "@/trpc/react";
import { FormError } from "@/components/forms/form-error";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import type { RouterOutputs } from "@/lib/api-types";
import { ZonedTime } from "@/features/crm/viewer-zone";

type Lockout = RouterOutputs["platform"]["security"]["signInAttempts"]["lockouts"][number];

/** What to send to unlock a lockout: account subjects read "user:email" or "admin:email". */
function unlockInput(lockout: Lockout, email: string) {
  if (lockout.subjectType === "ip") return { ip: lockout.subject, accountKind: "user" as const };
  const kind = lockout.subject.startsWith("admin:") ? ("admin" as const) : ("user" as const);
  return { email, accountKind: kind };
}

function isLocked(lockout: Lockout): boolean {
  return lockout.lockedUntil !== null && new Date(lockout.lockedUntil).getTime() > Date.now();
}

function describe(lockout: Lockout) {
  if (lockout.subjectType === "ip") return `IP address ${lockout.subject}`;
  return lockout.subject.startsWith("admin:") ? "Platform admin account" : "Workspace user account";
}

/** The email's failure counters and locks, each with an Unlock button. */
export function LockoutsList({ email, lockouts }: { email: string; lockouts: Lockout[] }) {
  return (
    <Card>
      <CardHeader>
        <CardTitle>Lockouts</CardTitle>
        <CardDescription>
          {lockouts.length === 0
            ? `${email} has no failure counters or locks.`
            : "Repeated failures lock an account for a while; unlocking clears the counter too."}
        </CardDescription>
      </CardHeader>
      {lockouts.length > 0 ? (
        <CardContent>
          <ul className="grid gap-3">
            {lockouts.map((lockout) => (
              <LockoutItem key={`${lockout.subjectType}:${lockout.subject}`} lockout={lockout} email={email} />
            ))}
          </ul>
        </CardContent>
      ) : null}
    </Card>
  );
}

function LockoutItem({ lockout, email }: { lockout: Lockout; email: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const unlock = useMutation(trpc.platform.security.unlock.mutationOptions());
  const [error, setError] = useState<string>();
  const locked = isLocked(lockout);

  async function run() {
    setError(undefined);
    try {
      await unlock.mutateAsync(unlockInput(lockout, email));
    } catch (e) {
      setError(`Could not unlock: ${(e as Error).message}`);
      return;
    }
    await queryClient.invalidateQueries({ queryKey: trpc.platform.security.signInAttempts.pathKey() });
  }

  return (
    <li className="grid gap-2 rounded-lg border p-3">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div className="grid gap-1">
          <span className="flex items-center gap-2 text-sm font-medium">
            {describe(lockout)}
            {locked ? <Badge variant="destructive">Locked</Badge> : <Badge variant="secondary">Not locked</Badge>}
          </span>
          <span className="text-xs text-muted-foreground">
            {lockout.failureCount} recent {lockout.failureCount === 1 ? "failure" : "failures"}
            {locked ? (
              <>
                {" · locked until "}
                <ZonedTime value={lockout.lockedUntil} />
              </>
            ) : null}
          </span>
        </div>
        <Button variant="outline" size="sm" disabled={unlock.isPending} onClick={() => void run()}>
          <LockOpenIcon aria-hidden="true" />
          Unlock
        </Button>
      </div>
      <FormError message={error} />
    </li>
  );
}

"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import { useMutation } from "@tanstack/react-query";
import { LogOutIcon, ShieldAlertIcon } from "lucide-react";

import { useTRPC } from "@/trpc/react";
import { Button } from "@/components/ui/button";

/** Shown across the workspace shell while a platform admin acts in the workspace, with the way out. */
export function ActingAsBanner({ workspaceName }: { workspaceName: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const leave = useMutation(trpc.platform.actInWorkspace.mutationOptions());
  const [error, setError] = useState<string>();
  const [leaving, setLeaving] = useState(false);

  async function leaveWorkspace() {
    setError(undefined);
    setLeaving(true);
    try {
      await leave.mutateAsync({ subAccountId: null });
    } catch (e) {
      setError(`Could not leave the workspace: ${(e as Error).message}`);
      setLeaving(false);
      return;
    }
    router.push("/admin");
    router.refresh();
  }

  return (
    <div
      role="region"
      aria-label="Acting as platform admin"
      className="flex flex-wrap items-center gap-3 border-b border-amber-300 bg-amber-50 text-amber-950 px-4 py-2.5 text-sm sm:px-6 lg:px-10"
    >
      <ShieldAlertIcon className="size-4 shrink-0 text-amber-600" aria-hidden="true" />
      <p className="min-w-0 flex-1">
        You are acting in <strong className="font-semibold">{workspaceName}</strong> as a platform admin — every
        change is recorded.
        {error ? (
          <span role="alert" className="ml-2 font-medium text-destructive">
            {error}
          </span>
        ) : null}
      </p>
      <Button variant="outline" size="sm" disabled={leaving} aria-busy={leaving || undefined} onClick={() => void leaveWorkspace()}>
        <LogOutIcon aria-hidden="true" />
        Leave workspace
      </Button>
    </div>
  );
}

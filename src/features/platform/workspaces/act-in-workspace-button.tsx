"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import { useMutation } from "@tanstack/react-query";
import { LogInIcon } from "lucide-react";

import { useTRPC } from "@/trpc/react";
import { Button } from "@/components/ui/button";

/** The workspace switcher: enters the workspace as a platform admin (audited) and opens its dashboard. */
export function ActInWorkspaceButton({
  workspace,
  onError,
}: {
  workspace: { id: number; name: string };
  onError: (message: string | undefined) => void;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const act = useMutation(trpc.platform.actInWorkspace.mutationOptions());
  const [entering, setEntering] = useState(false);

  async function enter() {
    onError(undefined);
    setEntering(true);
    try {
      await act.mutateAsync({ subAccountId: workspace.id });
    } catch (error) {
      onError(`Could not act in ${workspace.name}: ${(error as Error).message}`);
      setEntering(false);
      return;
    }
    router.push("/dashboard");
    router.refresh();
  }

  return (
    <Button
      size="sm"
      variant="secondary"
      disabled={entering}
      aria-busy={entering || undefined}
      onClick={() => void enter()}
      aria-label={`Act in ${workspace.name}`}
    >
      <LogInIcon aria-hidden="true" />
      Act in workspace
    </Button>
  );
}

"use client";

import { useState } from "react";
import { useMutation } from "@tanstack/react-query";
import { Trash2Icon } from "lucide-react";

import { useTRPC } from "@/trpc/react";
import { ConfirmDialog } from "@/components/confirm-dialog";
import { Button } from "@/components/ui/button";
import type { Member } from "./members-table";

/** Activate or deactivate a member, or remove them (after a confirmation). Errors go to the table's message. */
export function MemberActions({
  member,
  onChanged,
  onError,
}: {
  member: Member;
  onChanged: () => Promise<void>;
  onError: (message: string | undefined) => void;
}) {
  const trpc = useTRPC();
  const setActive = useMutation(trpc.users.setActive.mutationOptions());
  const remove = useMutation(trpc.users.remove.mutationOptions());
  const [confirmingRemove, setConfirmingRemove] = useState(false);

  async function toggleActive() {
    onError(undefined);
    try {
      await setActive.mutateAsync({ id: member.id, isActive: !member.isActive });
    } catch (error) {
      onError(`${member.name} was not ${member.isActive ? "deactivated" : "activated"}: ${(error as Error).message}`);
      return;
    }
    await onChanged();
  }

  return (
    <div className="flex justify-end gap-2">
      <Button
        variant="outline"
        size="sm"
        disabled={setActive.isPending}
        onClick={() => void toggleActive()}
        aria-label={`${member.isActive ? "Deactivate" : "Activate"} ${member.name}`}
      >
        {member.isActive ? "Deactivate" : "Activate"}
      </Button>
      <Button
        variant="ghost"
        size="sm"
        className="text-destructive hover:bg-destructive/10 hover:text-destructive"
        onClick={() => {
          onError(undefined);
          setConfirmingRemove(true);
        }}
        aria-label={`Remove ${member.name}`}
      >
        <Trash2Icon aria-hidden="true" />
        Remove
      </Button>
      <ConfirmDialog
        open={confirmingRemove}
        onOpenChange={setConfirmingRemove}
        title={`Remove ${member.name}?`}
        description={`${member.email} loses access to this workspace at once. Their leads and history stay.`}
        confirmLabel="Remove member"
        onConfirm={async () => {
          await remove.mutateAsync({ id: member.id });
          await onChanged();
        }}
      />
    </div>
  );
}

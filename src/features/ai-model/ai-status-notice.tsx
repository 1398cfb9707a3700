"use client";

import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { BotIcon, BotOffIcon } from "lucide-react";

import { useTRPC } from "@/trpc/react";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";

/**
 * Says, before anything is sent, whether the AI answers in this workspace. When it is off, admins get a link to
 * the page that turns it on; others are told who can. `compact` shows a one-line note when the AI is on.
 */
export function AiStatusNotice({ showWhenOn = false, className }: { showWhenOn?: boolean; className?: string }) {
  const trpc = useTRPC();
  const status = useQuery(trpc.aiModel.status.queryOptions(undefined, { staleTime: 30_000 }));
  if (!status.data) return null;
  const { on, modelName, fixHref } = status.data;
  if (on) {
    if (!showWhenOn) return null;
    return (
      <p className={`flex items-center gap-2 text-sm text-muted-foreground ${className ?? ""}`} data-testid="ai-status">
        <BotIcon aria-hidden="true" className="size-4 text-success" />
        The AI answers leads{modelName ? ` (model ${modelName})` : ""}.
      </p>
    );
  }
  return (
    <Alert className={className} data-testid="ai-status">
      <BotOffIcon aria-hidden="true" />
      <AlertTitle>The AI is off</AlertTitle>
      <AlertDescription className="grid gap-2">
        <span>No AI model is set up, so messages from leads wait for a person instead of being answered.</span>
        {fixHref ? (
          <span>
            <Button asChild size="sm">
              <Link href={fixHref}>Set up the AI model</Link>
            </Button>
          </span>
        ) : (
          <span>A workspace admin can set one up in Settings.</span>
        )}
      </AlertDescription>
    </Alert>
  );
}

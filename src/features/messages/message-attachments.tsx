"use client";

import { useState } from "react";
import { useMutation } from "@tanstack/react-query";
import { DownloadIcon, PaperclipIcon } from "lucide-react";

import { useTRPC } from "@/trpc/react";
import { Button } from "@/components/ui/button";
import { formatBytes } from "@/features/imports/import-format";

export interface AttachmentView {
  index: number;
  name: string;
  contentType: string;
  size: number;
}

/** The kinds of file an email may bring (storage's `attachments` rules), in words. */
const TYPE_WORDS: Record<string, string> = {
  "application/pdf": "PDF document",
  "image/png": "PNG image",
  "image/jpeg": "JPEG image",
  "image/gif": "GIF image",
  "image/webp": "WebP image",
};

/**
 * The files an email brought: name, kind and size, each with a download that asks the server for a short-lived link
 * (messages.attachmentDownload: members of this workspace only), and the files that were not kept, with why.
 */
export function MessageAttachments({ messageId, attachments, skipped }: { messageId: number; attachments: AttachmentView[]; skipped: { name: string; reason: string }[] }) {
  if (!attachments.length && !skipped.length) return null;
  return (
    <div className="mt-2 grid gap-1.5" data-testid="message-attachments">
      {attachments.length ? (
        <ul aria-label="Attachments" className="grid gap-1.5">
          {attachments.map((a) => (
            <AttachmentRow key={a.index} messageId={messageId} attachment={a} />
          ))}
        </ul>
      ) : null}
      {skipped.length ? (
        <ul aria-label="Attachments not kept" className="grid gap-1 text-xs text-muted-foreground">
          {skipped.map((s, i) => (
            <li key={i} className="break-words">
              Not kept: {s.name} ({s.reason})
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

function AttachmentRow({ messageId, attachment }: { messageId: number; attachment: AttachmentView }) {
  const trpc = useTRPC();
  const download = useMutation(trpc.messages.attachmentDownload.mutationOptions());
  const [error, setError] = useState<string | null>(null);
  return (
    <li className="grid gap-1 rounded-md border bg-background/60 p-2" data-testid="message-attachment">
      <div className="flex min-w-0 flex-wrap items-center gap-2">
        <PaperclipIcon aria-hidden="true" className="size-4 shrink-0" />
        <span className="min-w-0 flex-1 font-medium break-all">{attachment.name}</span>
        <span className="text-xs text-muted-foreground">
          {TYPE_WORDS[attachment.contentType] ?? attachment.contentType} · {formatBytes(attachment.size)}
        </span>
        <Button
          type="button"
          size="sm"
          variant="outline"
          aria-label={`Download ${attachment.name}`}
          disabled={download.isPending}
          onClick={async () => {
            setError(null);
            try {
              const { url } = await download.mutateAsync({ messageId, index: attachment.index });
              window.location.assign(url);
            } catch (e) {
              setError(e instanceof Error ? e.message : "The download could not start.");
            }
          }}
        >
          <DownloadIcon aria-hidden="true" />
          Download
        </Button>
      </div>
      {error ? (
        <span role="alert" className="text-xs text-destructive">
          {error}
        </span>
      ) : null}
    </li>
  );
}

"use client";

import { useSyncExternalStore } from "react";
import { Share2Icon } from "lucide-react";

import { CopyButton } from "@/components/copy-button";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { Label } from "@/components/ui/label";
import { Textarea } from "@/components/ui/textarea";
import { formEmbedSnippet, formShareLink } from "@/lib/forms/share";

const noSubscribe = () => () => {};

/** This app's own origin, where visitors open the form (empty during the server render). */
function useAppOrigin(): string {
  return useSyncExternalStore(
    noSubscribe,
    () => window.location.origin,
    () => "",
  );
}

/** Share & embed: the link to send and the snippet for a website, each with a copy button. */
export function ShareDialog({ slug, name, published }: { slug: string; name: string; published: boolean }) {
  const origin = useAppOrigin();
  const url = formShareLink(origin, slug);
  const snippet = formEmbedSnippet(origin, slug, name);
  return (
    <Dialog>
      <DialogTrigger asChild>
        <Button variant="outline" size="sm">
          <Share2Icon aria-hidden="true" />
          Share & embed
        </Button>
      </DialogTrigger>
      <DialogContent className="max-h-[90dvh] overflow-y-auto">
        <DialogHeader>
          <DialogTitle>Share & embed</DialogTitle>
          <DialogDescription>
            {published ? "Send the link, or paste the snippet into a page of your website." : "Publish the form first: until then the link shows visitors that the form is not open yet."}
          </DialogDescription>
        </DialogHeader>
        <div className="grid gap-2">
          <Label htmlFor="share-link">Link</Label>
          <div className="flex min-w-0 gap-2">
            <input id="share-link" readOnly value={url} className="h-9 min-w-0 flex-1 rounded-md border bg-muted px-3 text-sm" onFocus={(e) => e.target.select()} />
            <CopyButton value={url} label="Copy link" />
          </div>
        </div>
        <div className="grid gap-2">
          <Label htmlFor="share-embed">Embed on a website</Label>
          <Textarea id="share-embed" readOnly rows={5} value={snippet} className="font-mono text-xs" onFocus={(e) => e.target.select()} />
          <div>
            <CopyButton value={snippet} label="Copy snippet" />
          </div>
          <p className="text-xs text-muted-foreground">Only the websites listed in the form&apos;s settings may show it in a frame.</p>
        </div>
      </DialogContent>
    </Dialog>
  );
}

"use client";

import { useState } from "react";
import { EyeIcon, RotateCcwIcon } from "lucide-react";

import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { FormRenderer, type PublicForm } from "@/features/forms/renderer";
import type { FormDraft } from "./draft";

/** What a visitor would see of the current draft (saved or not): the public page's renderer, nothing sent. */
function previewForm(slug: string, draft: FormDraft): PublicForm {
  return {
    slug,
    name: draft.name,
    description: draft.description,
    kind: draft.kind,
    version: null,
    definition: draft.definition,
    thankYouMessage: draft.settings.thankYouMessage ?? null,
    redirectUrl: null,
    captcha: null,
  };
}

/**
 * "Preview as a visitor": the draft as the public page shows it, in `preview` mode (the same screens, logic and checks;
 * no answer is saved or sent). "Start again" clears the answers.
 */
export function PreviewDialog({ slug, draft }: { slug: string; draft: FormDraft }) {
  const [run, setRun] = useState(0);
  const empty = draft.definition.fields.length === 0;
  return (
    <Dialog onOpenChange={(open) => (open ? setRun((r) => r + 1) : undefined)}>
      <DialogTrigger asChild>
        <Button variant="outline" size="sm" disabled={empty}>
          <EyeIcon aria-hidden="true" />
          Preview as a visitor
        </Button>
      </DialogTrigger>
      <DialogContent className="max-h-[90dvh] overflow-y-auto sm:max-w-xl">
        <DialogHeader>
          <DialogTitle>{draft.name || "Untitled form"}</DialogTitle>
          <DialogDescription>
            {draft.description || "What visitors see, from the draft as it is now. Nothing you answer here is saved or sent."}
          </DialogDescription>
        </DialogHeader>
        <div className="min-w-0" data-testid="form-preview">
          <FormRenderer key={run} mode="preview" form={previewForm(slug, draft)} />
        </div>
        <div>
          <Button type="button" variant="ghost" size="sm" onClick={() => setRun((r) => r + 1)}>
            <RotateCcwIcon aria-hidden="true" />
            Start again
          </Button>
        </div>
      </DialogContent>
    </Dialog>
  );
}

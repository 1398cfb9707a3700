"use client";

import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { z } from "zod";

import { FormError } from "@/components/forms/form-error";
import { SubmitButton } from "@/components/forms/submit-button";
import { FormField } from "@/components/ui/form-field";
import { Textarea } from "@/components/ui/textarea";
import { ZonedTime } from "@/features/crm/viewer-zone";
import { applyServerErrors } from "@/lib/server-errors";

export interface TimelineNote {
  id: number;
  body: string;
  createdAt: Date;
  authorName: string | null;
}

const noteBodySchema = z.object({
  body: z.string().trim().min(1, "Write something first").max(5000, "A note holds at most 5,000 characters"),
});
type NoteValues = z.infer<typeof noteBodySchema>;

/**
 * A record's notes, newest first, with the form that adds one above them. `onAdd` saves the note; when it throws,
 * the server's message shows beside the box and the text stays.
 */
export function NotesTimeline({
  idPrefix,
  notes,
  onAdd,
  emptyMessage = "No notes yet.",
  footer,
}: {
  idPrefix: string;
  notes: readonly TimelineNote[];
  onAdd: (body: string) => Promise<unknown>;
  emptyMessage?: string;
  footer?: React.ReactNode;
}) {
  const {
    register,
    handleSubmit,
    setError,
    reset,
    formState: { errors, isSubmitting },
  } = useForm<NoteValues>({ resolver: zodResolver(noteBodySchema), defaultValues: { body: "" } });

  async function onSubmit(values: NoteValues) {
    try {
      await onAdd(values.body);
    } catch (error) {
      applyServerErrors(error, setError, ["body"]);
      return;
    }
    reset({ body: "" });
  }

  return (
    <div className="grid gap-5">
      <form noValidate onSubmit={(event) => void handleSubmit(onSubmit)(event)} className="grid gap-3">
        <FormField id={`${idPrefix}-note`} label="Add a note" error={errors.body?.message}>
          <Textarea rows={3} placeholder="What happened, what was agreed, what comes next…" {...register("body")} />
        </FormField>
        <FormError message={errors.root?.server?.message} />
        <div>
          <SubmitButton pending={isSubmitting} size="sm">
            Add note
          </SubmitButton>
        </div>
      </form>
      {notes.length === 0 ? (
        <p className="text-sm text-muted-foreground">{emptyMessage}</p>
      ) : (
        <ol className="relative grid gap-4 border-l pl-5" aria-label="Notes" data-testid="notes-timeline">
          {notes.map((note) => (
            <li key={note.id} className="relative">
              <span className="absolute top-1.5 -left-[1.6rem] size-2.5 rounded-full border-2 border-card bg-primary" aria-hidden="true" />
              <p className="text-xs text-muted-foreground">
                <span className="font-medium text-foreground">{note.authorName ?? "Someone"}</span> ·{" "}
                <ZonedTime value={note.createdAt} />
              </p>
              <p className="mt-1 text-sm whitespace-pre-wrap">{note.body}</p>
            </li>
          ))}
        </ol>
      )}
      {footer}
    </div>
  );
}

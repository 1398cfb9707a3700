import type { FieldValues, Path, UseFormSetError } from "react-hook-form";

const FALLBACK_MESSAGE = "Something went wrong. Please try again.";

interface ZodErrorShape {
  fieldErrors: Record<string, string[] | undefined>;
  formErrors: string[];
}

function zodErrorOf(error: unknown): ZodErrorShape | null {
  if (typeof error !== "object" || error === null || !("data" in error)) return null;
  const data = (error as { data?: { zodError?: unknown } }).data;
  const zodError = data?.zodError;
  if (typeof zodError !== "object" || zodError === null) return null;
  const { fieldErrors, formErrors } = zodError as Partial<ZodErrorShape>;
  return { fieldErrors: fieldErrors ?? {}, formErrors: formErrors ?? [] };
}

/**
 * A failed request's message for one field (the error formatter puts field errors in data.zodError); without a field,
 * its first field error, else its general message. For forms that keep their own state instead of react-hook-form.
 */
export function serverErrorOf(error: unknown, field?: string): string | undefined {
  if (!error) return undefined;
  const fieldErrors = zodErrorOf(error)?.fieldErrors ?? {};
  if (field) return fieldErrors[field]?.[0];
  return Object.values(fieldErrors)[0]?.[0] ?? (error as Error).message;
}

/** Whether the failed request refused a field whose name starts with `prefix` (shown beside that field by the form). */
export function hasFieldErrors(error: unknown, prefix = ""): boolean {
  const fieldErrors = zodErrorOf(error)?.fieldErrors ?? {};
  return Object.entries(fieldErrors).some(([field, messages]) => field.startsWith(prefix) && messages?.length);
}

function messageOf(error: unknown): string {
  if (error instanceof Error && error.message.trim() !== "") return error.message;
  return FALLBACK_MESSAGE;
}

/**
 * Shows a failed mutation's errors on a react-hook-form form: the server's field errors beside the fields it knows,
 * and everything else (form errors, errors about fields the form lacks, or the error's message) in `root.server`,
 * which the form renders above its submit button.
 */
export function applyServerErrors<T extends FieldValues>(
  error: unknown,
  setError: UseFormSetError<T>,
  fields: readonly Path<T>[],
): void {
  const zodError = zodErrorOf(error);
  const formMessages: string[] = [];
  let shownBesideAField = false;

  if (zodError) {
    for (const [field, messages] of Object.entries(zodError.fieldErrors)) {
      const message = messages?.[0];
      if (!message) continue;
      if ((fields as readonly string[]).includes(field)) {
        setError(field as Path<T>, { type: "server", message }, { shouldFocus: !shownBesideAField });
        shownBesideAField = true;
      } else {
        formMessages.push(message);
      }
    }
    formMessages.push(...zodError.formErrors);
  }

  if (formMessages.length === 0 && !shownBesideAField) formMessages.push(messageOf(error));
  if (formMessages.length > 0) {
    setError("root.server" as Path<T>, { type: "server", message: formMessages.join(" ") });
  }
}

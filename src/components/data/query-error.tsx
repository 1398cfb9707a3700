import { FormError } from "@/components/forms/form-error";

/** Why a section's data could not be loaded (the server's message, e.g. a missing role). */
export function QueryError({ what, error }: { what: string; error: { message: string } }) {
  return <FormError message={`${what} could not be loaded: ${error.message}`} />;
}

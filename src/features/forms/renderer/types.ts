import type { AnswerValue } from "@/lib/forms/logic";
import type { FormDefinition } from "@/schemas/forms";

/**
 * The props contract of `FormRenderer`, the visitor's view of a form: the public page `/f/<slug>` and its embed use it
 * in `live` mode; the builder uses it in `preview` mode ("preview as a visitor": same screens, same logic and checks,
 * nothing is sent or saved, the thank-you screen is shown in place).
 */
export type FormRendererMode = "live" | "preview";

/** What a visitor's browser may know of a form (never the captcha secret, owners or strategy). */
export interface PublicForm {
  slug: string;
  name: string;
  description?: string | null;
  kind: "simple" | "card";
  /** The published version shown (null in a preview of a never-published draft). */
  version: number | null;
  definition: FormDefinition;
  thankYouMessage?: string | null;
  redirectUrl?: string | null;
  /** The bot check the visitor must pass before submitting (live mode only). */
  captcha?: { provider: "turnstile" | "hcaptcha"; siteKey: string } | null;
}

/** A saved, unfinished session to resume from (live mode: read by the server from the visitor's cookie or link). */
export interface ResumeState {
  answers: Record<string, AnswerValue>;
  /** Card forms: the key of the card the visitor was on. */
  currentField?: string | null;
  /** File fields: the visitor's uploads by id, so a resumed form can name them. */
  uploads?: Record<string, { fileName: string; sizeBytes: number }>;
}

export interface FormRendererProps {
  mode: FormRendererMode;
  form: PublicForm;
  /** URL query parameters of the page (hidden fields read theirs: utm_source, utm_campaign, ...). */
  urlParams?: Readonly<Record<string, string>>;
  resume?: ResumeState | null;
  /** Live mode: the page's signed render token (the version shown and when); without it nothing is sent. */
  renderToken?: string;
  /** Inside `/f/<slug>/embed`: the renderer posts its height to the parent page as it changes. */
  embedded?: boolean;
  /** Called after a successful submission (live) or the preview's "submit" (preview). */
  onSubmitted?: (result: { submissionId: number | null }) => void;
}

import type { FormDefinition, FormSettings } from "@/schemas/forms";
import { unsafeDb } from "@/server/db/client";
import { AppError } from "@/server/errors";
import type { PublicForm } from "@/features/forms/renderer/types";
import { definitionOf, settingsOf } from "./form-records";

/**
 * The form a public address names (`/f/<slug>`), with its newest published version: one query, unscoped by nature
 * (there is no workspace yet). Unknown, unpublished, archived forms and inactive workspaces all look the same: 404.
 */
export interface LiveForm {
  id: number;
  subAccountId: number;
  workspaceName: string;
  slug: string;
  name: string;
  description: string | null;
  version: number;
  kind: "simple" | "card";
  definition: FormDefinition;
  settings: FormSettings;
}

export async function unsafeFindLiveForm(slug: string): Promise<LiveForm> {
  const form =
    slug.length <= 120
      ? await unsafeDb.formTemplate.findUnique({
          where: { slug },
          select: {
            id: true,
            subAccountId: true,
            slug: true,
            name: true,
            description: true,
            isActive: true,
            archivedAt: true,
            publishedVersion: true,
            subAccount: { select: { name: true, isActive: true } },
            versions: { orderBy: { version: "desc" }, take: 1, select: { version: true, kind: true, schema: true, settings: true } },
          },
        })
      : null;
  const version = form?.versions[0];
  if (!form || !version || !form.isActive || form.archivedAt || !form.subAccount.isActive || form.publishedVersion === null)
    throw new AppError("NOT_FOUND", "No such form, or it is not taking answers any more.");
  return {
    id: form.id,
    subAccountId: form.subAccountId,
    workspaceName: form.subAccount.name,
    slug: form.slug,
    name: form.name,
    description: form.description,
    version: version.version,
    kind: version.kind,
    definition: definitionOf(version.schema),
    settings: settingsOf(version.settings),
  };
}

/** What the visitor's browser receives: the definition and the words to show, never owners, strategy or secrets. */
export function publicFormOf(form: Pick<LiveForm, "slug" | "name" | "description" | "version" | "kind" | "definition" | "settings">): PublicForm {
  const captcha = form.settings.captcha;
  return {
    slug: form.slug,
    name: form.name,
    description: form.description,
    kind: form.kind,
    version: form.version,
    definition: form.definition,
    thankYouMessage: form.settings.thankYouMessage ?? null,
    redirectUrl: form.settings.redirectUrl ?? null,
    captcha: captcha && captcha.provider !== "none" && captcha.siteKey ? { provider: captcha.provider, siteKey: captcha.siteKey } : null,
  };
}

/** The sites that may frame a form's embed (its allowed origins); none when the form does not exist. */
export async function unsafeEmbedOrigins(slug: string): Promise<string[]> {
  try {
    return (await unsafeFindLiveForm(slug)).settings.allowedOrigins ?? [];
  } catch {
    return [];
  }
}

import { randomUUID } from "node:crypto";
import { cookies, headers } from "next/headers";
import { notFound } from "next/navigation";
import { cache } from "react";

import { FormRenderer } from "@/features/forms/renderer";
import { clientIp } from "@/server/auth/client-ip";
import { workspaceContextFor } from "@/server/context";
import { toAppError } from "@/server/errors";
import { formCookieName } from "@/server/http/form-route";
import { logger } from "@/server/logger";
import { unsafeFindLiveForm } from "@/server/services/forms/public-forms";
import { visitorPage } from "@/server/services/forms/public-page";

/** One lookup per request for the page and its metadata. */
export const liveFormBySlug = cache(async (slug: string) => {
  try {
    return await unsafeFindLiveForm(decodeURIComponent(slug));
  } catch (e) {
    if (e instanceof URIError || toAppError(e)?.code === "NOT_FOUND") notFound();
    throw e;
  }
});

/** The embed shows the form only to a page of one of its allowed sites (the proxy lets only that page frame it). */
function embeddingAllowed(referer: string | null, allowed: string[]): boolean {
  try {
    return allowed.includes(new URL(referer ?? "").origin);
  } catch {
    return false;
  }
}

/** The visitor's page of a form, standalone (`/f/<slug>`) or framed (`/f/<slug>/embed`). */
export async function FormPage({ slug, searchParams, embedded }: { slug: string; searchParams: Record<string, string | string[] | undefined>; embedded: boolean }) {
  const form = await liveFormBySlug(slug);
  const requestHeaders = await headers();
  const requestId = requestHeaders.get("x-request-id") ?? randomUUID();
  const ctx = workspaceContextFor(
    { requestId, log: logger.child({ requestId, route: "form-page" }), ip: clientIp(requestHeaders), userAgent: requestHeaders.get("user-agent") },
    { id: form.subAccountId, name: form.workspaceName },
  );
  if (embedded && !embeddingAllowed(requestHeaders.get("referer"), form.settings.allowedOrigins ?? [])) {
    return (
      <main className="px-4 py-6">
        <p role="alert" className="text-sm">
          This form cannot be shown on this site. <a className="text-primary underline" href={`/f/${encodeURIComponent(form.slug)}`} target="_blank" rel="noopener">Open it in its own page</a>.
        </p>
      </main>
    );
  }
  const token = (await cookies()).get(formCookieName(form.id))?.value ?? null;
  const page = await visitorPage(ctx, form, token && token.length <= 100 ? token : null);
  const urlParams = Object.fromEntries(
    Object.entries(searchParams)
      .filter(([k, v]) => typeof v === "string" && k.length <= 60)
      .map(([k, v]) => [k, (v as string).slice(0, 500)]),
  );
  const expired = searchParams.resume === "expired";
  return (
    <main className={embedded ? "px-4 py-4" : "mx-auto w-full max-w-xl px-4 py-8 sm:py-12"}>
      <div className={embedded ? "" : "rounded-xl border bg-card p-5 shadow-sm sm:p-8"}>
        <header className="mb-6 space-y-1">
          <h1 className="text-2xl font-semibold break-words">{page.form.name}</h1>
          {page.form.description ? <p className="whitespace-pre-line text-muted-foreground">{page.form.description}</p> : null}
          {expired ? (
            <p role="status" className="text-sm text-muted-foreground">
              That link has expired or the form was already sent. You can start again here.
            </p>
          ) : null}
          {page.resume ? (
            <p role="status" className="text-sm text-muted-foreground">
              Welcome back: your answers so far are filled in.
            </p>
          ) : null}
        </header>
        <FormRenderer mode="live" form={page.form} resume={page.resume} urlParams={urlParams} renderToken={page.renderToken} embedded={embedded} />
      </div>
      {embedded ? null : <p className="mt-6 text-center text-xs text-muted-foreground">{form.workspaceName}</p>}
    </main>
  );
}

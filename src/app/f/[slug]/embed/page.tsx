import type { Metadata } from "next";

import { FormPage, liveFormBySlug } from "../form-page";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ slug: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const form = await liveFormBySlug((await params).slug);
  return { title: { absolute: form.name }, referrer: "no-referrer", robots: { index: false } };
}

/**
 * A form inside a frame on one of its allowed sites (frame-ancestors set by src/proxy.ts from the form's allowed
 * origins); it posts its height to the page so the frame sizes itself (public/forms-embed.js).
 */
export default async function EmbeddedFormPage({ params, searchParams }: Props) {
  return <FormPage slug={(await params).slug} searchParams={await searchParams} embedded />;
}

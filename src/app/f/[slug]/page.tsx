import type { Metadata } from "next";

import { FormPage, liveFormBySlug } from "./form-page";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ slug: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const form = await liveFormBySlug((await params).slug);
  return { title: { absolute: form.name }, description: form.description ?? undefined, referrer: "no-referrer", robots: { index: false } };
}

/** A form's public page: the share link. */
export default async function PublicFormPage({ params, searchParams }: Props) {
  return <FormPage slug={(await params).slug} searchParams={await searchParams} embedded={false} />;
}

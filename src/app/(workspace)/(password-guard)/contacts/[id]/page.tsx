import type { Metadata } from "next";
import { notFound } from "next/navigation";

import { ContactDetail } from "@/features/contacts/contact-detail";

export const metadata: Metadata = { title: "Contact" };

export default async function ContactPage({ params }: { params: Promise<{ id: string }> }) {
  const id = Number((await params).id);
  if (!Number.isSafeInteger(id) || id <= 0) notFound();
  return <ContactDetail contactId={id} />;
}

import type { Metadata } from "next";
import { notFound } from "next/navigation";

import { getEnv } from "@/env";
import { devMailboxEnabled, listMailbox } from "@/server/services/dev-mailbox/list-mailbox";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Development mailbox", robots: { index: false }, referrer: "no-referrer" };

const LINK = /(https?:\/\/[^\s]+)/g;

/** The email's text with its links clickable. */
function EmailText({ text }: { text: string }) {
  return (
    <p className="text-sm break-words whitespace-pre-wrap">
      {text.split(LINK).map((part, i) =>
        i % 2 === 1 ? (
          <a key={i} href={part} className="font-medium text-primary underline underline-offset-4 break-all">
            {part}
          </a>
        ) : (
          part
        ),
      )}
    </p>
  );
}

const sentAt = (d: Date) => `${d.toISOString().slice(0, 16).replace("T", " ")} UTC`;

/** What the local outbox "sent" (see services/dev-mailbox): 404 unless the development mailbox is enabled. */
export default async function DevMailboxPage() {
  if (!devMailboxEnabled(getEnv())) notFound();
  const emails = await listMailbox();
  return (
    <main className="mx-auto grid w-full max-w-3xl gap-4 px-4 py-8">
      <header className="grid gap-1">
        <h1 className="text-2xl font-semibold">Development mailbox</h1>
        <p className="text-sm text-muted-foreground">
          No mail provider is set up, so emails are kept here instead of being sent: the newest 50, for every workspace.
          Reload the page to see new ones (they arrive within seconds).
        </p>
      </header>
      {emails.length === 0 ? <p className="text-sm text-muted-foreground">No emails yet.</p> : null}
      {emails.map((email) => (
        <Card key={email.id} data-testid="mailbox-email">
          <CardHeader>
            <CardTitle as="h2" className="text-base">
              {email.subject}
            </CardTitle>
            <CardDescription className="break-all">
              To {email.to} · {sentAt(email.createdAt)}
            </CardDescription>
          </CardHeader>
          <CardContent>
            <EmailText text={email.text} />
          </CardContent>
        </Card>
      ))}
    </main>
  );
}

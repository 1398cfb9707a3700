import type { Metadata } from "next";
import Link from "next/link";

import { Logo } from "@/components/brand/logo";
import { Button } from "@/components/ui/button";
import { AuthCard } from "@/features/auth/auth-card";
import { describeUnsubscribe } from "@/server/services/email/unsubscribe";

export const metadata: Metadata = { title: "Unsubscribe", referrer: "no-referrer", robots: { index: false } };
export const dynamic = "force-dynamic";

/** The public unsubscribe page of a lead email's link: it asks first (link scanners follow links), then confirms. */
export default async function UnsubscribePage({ searchParams }: { searchParams: Promise<{ token?: string; done?: string }> }) {
  const { token, done } = await searchParams;
  const value = typeof token === "string" ? token.slice(0, 500) : "";
  const target = value ? await describeUnsubscribe(value) : null;
  return (
    <div className="flex min-h-dvh flex-col">
      <header className="flex justify-center px-4 pt-12 pb-8">
        <Link href="/" className="rounded-md">
          <Logo />
        </Link>
      </header>
      <main className="mx-auto w-full max-w-md flex-1 px-4 pb-12">
        {!target ? (
          <AuthCard title="This link does not work" description="The unsubscribe link is incomplete or not ours. Use the link at the bottom of a recent email.">
            <p className="text-sm text-muted-foreground">Nothing was changed.</p>
          </AuthCard>
        ) : done === "1" || target.alreadyUnsubscribed ? (
          <AuthCard title="You are unsubscribed" description={`${target.workspaceName} will send no more emails to ${target.email}.`}>
            <p className="text-sm text-muted-foreground">If this was a mistake, write to {target.workspaceName} and ask them to email you again.</p>
          </AuthCard>
        ) : (
          <AuthCard title="Unsubscribe" description={`Stop emails from ${target.workspaceName} to ${target.email}?`}>
            <form method="post" action={`/api/public/unsubscribe?token=${encodeURIComponent(value)}&from=page`}>
              <Button type="submit" className="w-full">
                Unsubscribe
              </Button>
            </form>
          </AuthCard>
        )}
      </main>
    </div>
  );
}

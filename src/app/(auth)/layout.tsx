import type { ReactNode } from "react";
import Link from "next/link";
import { redirect } from "next/navigation";

import { getCurrentAccount } from "@/server/auth/current";
import { TRPCReactProvider } from "@/trpc/react";
import { Logo } from "@/components/brand/logo";
import { homePathFor } from "@/lib/home-path";

export default async function AuthLayout({ children }: { children: ReactNode }) {
  const account = await getCurrentAccount();
  if (account) redirect(homePathFor(account));

  return (
    <TRPCReactProvider>
      <div className="flex min-h-dvh flex-col bg-[radial-gradient(ellipse_at_top,var(--color-accent),transparent_60%)]">
        <header className="flex justify-center px-4 pt-12 pb-8">
          <Link href="/" className="rounded-md">
            <Logo />
          </Link>
        </header>
        <main className="mx-auto w-full max-w-md flex-1 px-4 pb-12">{children}</main>
        <footer className="pb-6 text-center text-xs text-muted-foreground">
          © {new Date().getFullYear()} Loctelli
        </footer>
      </div>
    </TRPCReactProvider>
  );
}

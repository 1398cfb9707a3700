import type { ReactNode } from "react";
import Link from "next/link";

import { Logo } from "@/components/brand/logo";
import type { NavSection } from "./nav-items";
import { MobileNav } from "./mobile-nav";
import { SidebarNav } from "./sidebar-nav";

/**
 * The frame of every signed-in page: a sidebar of sections (a drawer on small screens), a top bar with the context
 * (workspace name or "Admin console") and the account menu, and the page.
 */
export function AppShell({
  section,
  navLabel,
  homeHref,
  context,
  accountMenu,
  banner,
  superAdmin = false,
  children,
}: {
  section: NavSection;
  navLabel: string;
  homeHref: string;
  context: ReactNode;
  accountMenu: ReactNode;
  /** A notice across the top of the page under the top bar (e.g. "acting as a platform admin"). */
  banner?: ReactNode;
  /** Lists the super-admin-only sections too. */
  superAdmin?: boolean;
  children: ReactNode;
}) {
  return (
    <div className="min-h-dvh md:grid md:grid-cols-[15rem_1fr]">
      <a
        href="#main-content"
        className="sr-only z-50 rounded-md bg-card px-3 py-2 text-sm font-medium shadow focus:not-sr-only focus:fixed focus:top-3 focus:left-3"
      >
        Skip to content
      </a>

      <aside className="hidden border-r bg-sidebar md:block">
        <div className="sticky top-0 flex h-dvh flex-col">
          <div className="flex h-14 shrink-0 items-center border-b px-5">
            <Link href={homeHref} className="rounded-md">
              <Logo />
            </Link>
          </div>
          <div className="flex-1 overflow-y-auto px-3 py-4">
            <SidebarNav section={section} label={navLabel} superAdmin={superAdmin} />
          </div>
        </div>
      </aside>

      <div className="flex min-w-0 flex-col">
        <header className="sticky top-0 z-30 flex h-14 items-center gap-3 border-b bg-card/85 px-4 backdrop-blur sm:px-6">
          <MobileNav section={section} label={navLabel} superAdmin={superAdmin} />
          <div className="flex min-w-0 flex-1 items-center gap-2">{context}</div>
          {accountMenu}
        </header>
        {banner}
        <main id="main-content" tabIndex={-1} className="flex-1 px-4 py-8 outline-none sm:px-6 lg:px-10">
          <div className="mx-auto w-full max-w-6xl">{children}</div>
        </main>
      </div>
    </div>
  );
}

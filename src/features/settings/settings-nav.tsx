"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

import { cn } from "@/lib/utils";

interface SettingsPage {
  href: string;
  label: string;
  /** Shown to workspace admins (and platform admins acting in the workspace) only. */
  adminOnly?: boolean;
}

const SETTINGS_PAGES: readonly SettingsPage[] = [
  { href: "/settings", label: "Profile" },
  { href: "/settings/password", label: "Password" },
  { href: "/settings/booking", label: "Booking" },
  { href: "/settings/availability", label: "Availability" },
  { href: "/settings/workspace", label: "Workspace", adminOnly: true },
  { href: "/settings/members", label: "Members" },
  { href: "/settings/invitations", label: "Invitations", adminOnly: true },
  { href: "/settings/ai", label: "AI", adminOnly: true },
  { href: "/settings/sms", label: "SMS", adminOnly: true },
  { href: "/settings/email", label: "Email", adminOnly: true },
  { href: "/settings/website-chat", label: "Website chat", adminOnly: true },
  { href: "/settings/api-keys", label: "API keys", adminOnly: true },
  { href: "/settings/webhooks", label: "Webhooks", adminOnly: true },
  { href: "/settings/audit", label: "Audit log", adminOnly: true },
  { href: "/settings/jobs", label: "Jobs" },
  { href: "/settings/exports", label: "Exports" },
];

/** Tabs-like links between the settings pages; admin-only pages are listed for workspace admins only. */
export function SettingsNav({ workspaceAdmin = false }: { workspaceAdmin?: boolean }) {
  const pathname = usePathname();
  const pages = SETTINGS_PAGES.filter((page) => workspaceAdmin || !page.adminOnly);
  return (
    <nav aria-label="Settings" className="mb-6 overflow-x-auto border-b">
      <ul className="-mb-px flex gap-6">
        {pages.map((page) => {
          const active = pathname === page.href;
          return (
            <li key={page.href} className="shrink-0">
              <Link
                href={page.href}
                aria-current={active ? "page" : undefined}
                className={cn(
                  "inline-block border-b-2 border-transparent pb-3 text-sm font-medium whitespace-nowrap text-muted-foreground outline-none transition-colors hover:text-foreground focus-visible:rounded-sm focus-visible:ring-2 focus-visible:ring-ring",
                  active && "border-primary text-foreground",
                )}
              >
                {page.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}

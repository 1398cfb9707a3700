"use client";

import { useQuery } from "@tanstack/react-query";
import { Building2Icon, ShieldCheckIcon, TargetIcon, UserRoundPlusIcon, UsersIcon, type LucideIcon } from "lucide-react";

import { useTRPC } from "@/trpc/react";
import { QueryError } from "@/components/data/query-error";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";

const STATS: ReadonlyArray<{ key: "workspaces" | "users" | "onboardingUsers" | "admins" | "leads"; label: string; icon: LucideIcon }> = [
  { key: "workspaces", label: "Workspaces", icon: Building2Icon },
  { key: "users", label: "Workspace users", icon: UsersIcon },
  { key: "onboardingUsers", label: "Still onboarding", icon: UserRoundPlusIcon },
  { key: "admins", label: "Platform admins", icon: ShieldCheckIcon },
  { key: "leads", label: "Leads", icon: TargetIcon },
];

const numberFormat = new Intl.NumberFormat();

/** Headline counts across the platform. */
export function PlatformOverview() {
  const trpc = useTRPC();
  const overview = useQuery(trpc.platform.overview.queryOptions());

  if (overview.isError) return <QueryError what="The platform overview" error={overview.error} />;

  return (
    <section aria-label="Platform totals" aria-busy={overview.isPending || undefined}>
      <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-5">
        {STATS.map(({ key, label, icon: Icon }) => (
          <li key={key}>
            <Card>
              <CardHeader className="flex flex-row items-center justify-between gap-2 pb-2">
                <CardTitle as="h3" className="text-sm font-medium text-muted-foreground">
                  {label}
                </CardTitle>
                <Icon className="size-4 text-muted-foreground" aria-hidden="true" />
              </CardHeader>
              <CardContent>
                {overview.isPending ? (
                  <Skeleton className="h-8 w-16" />
                ) : (
                  <p className="text-3xl font-semibold tabular-nums">{numberFormat.format(overview.data[key])}</p>
                )}
              </CardContent>
            </Card>
          </li>
        ))}
      </ul>
    </section>
  );
}

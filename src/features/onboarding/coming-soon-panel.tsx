import type { ReactNode } from "react";
import type { LucideIcon } from "lucide-react";
import { ClockIcon } from "lucide-react";

import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";

/**
 * An onboarding choice whose procedure has not shipped yet: the fields are shown (so the user sees what will be
 * asked) inside a disabled fieldset, and nothing can be submitted.
 */
export function ComingSoonPanel({
  id,
  icon: Icon,
  title,
  description,
  actionLabel,
  children,
}: {
  id: string;
  icon: LucideIcon;
  title: string;
  description: string;
  actionLabel: string;
  children: ReactNode;
}) {
  const noteId = `${id}-availability`;
  return (
    <Card aria-labelledby={`${id}-title`} role="region" className="flex flex-col">
      <CardHeader>
        <div className="mb-2 flex items-center justify-between">
          <span className="flex size-10 items-center justify-center rounded-lg bg-primary/10 text-primary">
            <Icon className="size-5" aria-hidden="true" />
          </span>
          <Badge variant="secondary">
            <ClockIcon aria-hidden="true" />
            Available soon
          </Badge>
        </div>
        <CardTitle id={`${id}-title`}>{title}</CardTitle>
        <CardDescription>{description}</CardDescription>
      </CardHeader>
      <CardContent className="flex flex-1 flex-col">
        <fieldset disabled aria-describedby={noteId} className="grid flex-1 content-start gap-4">
          {children}
          <Button type="button" className="mt-2 w-full">
            {actionLabel}
          </Button>
        </fieldset>
        <p id={noteId} className="mt-3 text-xs text-muted-foreground">
          This is available soon.
        </p>
      </CardContent>
    </Card>
  );
}

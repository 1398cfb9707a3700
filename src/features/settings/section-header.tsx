import type { ReactNode } from "react";

/** A settings section's h2, one sentence and optional actions (e.g. an "Add" button) above its table. */
export function SectionHeader({
  id,
  title,
  description,
  actions,
}: {
  /** The heading's id, for a section's aria-labelledby. */
  id?: string;
  title: string;
  description: ReactNode;
  actions?: ReactNode;
}) {
  return (
    <div className="mb-4 flex flex-wrap items-end justify-between gap-4">
      <div className="grid gap-1">
        <h2 id={id} className="text-lg font-semibold tracking-tight">{title}</h2>
        <p className="text-sm text-muted-foreground">{description}</p>
      </div>
      {actions ? <div className="flex items-center gap-2">{actions}</div> : null}
    </div>
  );
}

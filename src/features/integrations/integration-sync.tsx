"use client";

import type { RouterOutputs } from "@/lib/api-types";
import { ZonedTime } from "@/features/crm/viewer-zone";

type Connection = NonNullable<RouterOutputs["integrations"]["list"][number]["connection"]>;

/** Records changed on both sides: which side's later change was kept. */
export function IntegrationSync({ connection }: { connection: Connection; templateKey: string }) {
  if (connection.conflicts.length === 0) return null;
  return (
    <details className="rounded-md border p-2">
      <summary className="cursor-pointer">Changed on both sides ({connection.conflicts.length})</summary>
      <ul className="mt-2 grid gap-1">
        {connection.conflicts.map((c) => (
          <li key={c.id}>
            {c.label}: {c.winner === "ours" ? "the change made here was kept" : "the change made in the other system was kept"} (
            <ZonedTime value={c.createdAt} />)
          </li>
        ))}
      </ul>
    </details>
  );
}

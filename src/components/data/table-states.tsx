import type { ReactNode } from "react";

import { Skeleton } from "@/components/ui/skeleton";
import { TableCell, TableRow } from "@/components/ui/table";

/** Placeholder rows while a table's first page loads; the row announces the loading once. */
export function TableSkeletonRows({ columns, rows = 4, label }: { columns: number; rows?: number; label: string }) {
  return (
    <>
      {Array.from({ length: rows }, (_, row) => (
        <TableRow key={row} aria-hidden={row > 0 ? true : undefined}>
          {Array.from({ length: columns }, (_, column) => (
            <TableCell key={column}>
              {row === 0 && column === 0 ? <span className="sr-only" role="status">{label}</span> : null}
              <Skeleton className="h-4 w-full max-w-40" />
            </TableCell>
          ))}
        </TableRow>
      ))}
    </>
  );
}

/** One full-width row with a message: nothing found, or why the rows could not be loaded. */
export function TableMessageRow({
  columns,
  children,
  tone = "muted",
}: {
  columns: number;
  children: ReactNode;
  tone?: "muted" | "error";
}) {
  return (
    <TableRow className="hover:bg-transparent">
      <TableCell
        colSpan={columns}
        role={tone === "error" ? "alert" : undefined}
        className={tone === "error" ? "py-10 text-center text-destructive" : "py-10 text-center text-muted-foreground"}
      >
        {children}
      </TableCell>
    </TableRow>
  );
}

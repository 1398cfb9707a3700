import { Badge } from "@/components/ui/badge";
import { Table, TableBody, TableCaption, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { TableMessageRow } from "@/components/data/table-states";
import type { RouterOutputs } from "@/lib/api-types";
import { ZonedTime } from "@/features/crm/viewer-zone";

type Attempt = RouterOutputs["platform"]["security"]["signInAttempts"]["attempts"][number];
const COLUMNS = 5;

/** The last 50 sign-in attempts for one email, newest first. */
export function AttemptsTable({ email, attempts }: { email: string; attempts: Attempt[] }) {
  return (
    <section aria-labelledby="attempts-title" className="grid gap-3">
      <h2 id="attempts-title" className="text-lg font-semibold tracking-tight">
        Last {attempts.length === 50 ? "50 " : ""}attempts for {email}
      </h2>
      <Table>
        <TableCaption>Sign-in attempts for {email}</TableCaption>
        <TableHeader>
          <TableRow>
            <TableHead>When</TableHead>
            <TableHead>Result</TableHead>
            <TableHead>Account</TableHead>
            <TableHead>IP address</TableHead>
            <TableHead>Browser</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {attempts.length === 0 ? (
            <TableMessageRow columns={COLUMNS}>No sign-in attempts recorded for this email.</TableMessageRow>
          ) : (
            attempts.map((attempt) => (
              <TableRow key={String(attempt.id)}>
                <TableCell className="whitespace-nowrap text-muted-foreground"><ZonedTime value={attempt.createdAt} /></TableCell>
                <TableCell>
                  {attempt.success ? (
                    <Badge variant="success">Signed in</Badge>
                  ) : (
                    <div className="grid gap-1">
                      <Badge variant="destructive" className="w-fit">
                        Refused
                      </Badge>
                      {attempt.reason ? <span className="text-xs text-muted-foreground">{attempt.reason}</span> : null}
                    </div>
                  )}
                </TableCell>
                <TableCell className="capitalize">{attempt.accountKind ?? "—"}</TableCell>
                <TableCell className="font-mono text-xs">{attempt.ip ?? "—"}</TableCell>
                <TableCell className="max-w-xs truncate text-xs text-muted-foreground" title={attempt.userAgent ?? undefined}>
                  {attempt.userAgent ?? "—"}
                </TableCell>
              </TableRow>
            ))
          )}
        </TableBody>
      </Table>
    </section>
  );
}

import { cookies } from "next/headers";
import { readSessionClaims } from "./session-token";
import { loadSessionAccount } from "./sessions";
import type { Account } from "./account";

/**
 * The signed-in account for server components and layouts, validated against the database (a revoked
 * session is null at once). The access window is not checked here: pages only route, and every data
 * call goes through tRPC, which does check it; the client renews it on mount.
 */
export async function getCurrentAccount(): Promise<Account | null> {
  const store = await cookies();
  const header = store
    .getAll()
    .map((c) => `${c.name}=${encodeURIComponent(c.value)}`)
    .join("; ");
  const claims = await readSessionClaims(header);
  return claims ? loadSessionAccount(claims.sessionId) : null;
}

import { redirect } from "next/navigation";

import { getCurrentAccount } from "@/server/auth/current";
import { homePathFor } from "@/lib/home-path";

/** "/" has no page of its own: it sends each visitor to their home, or to sign in. */
export default async function RootPage() {
  const account = await getCurrentAccount();
  redirect(account ? homePathFor(account) : "/sign-in");
}

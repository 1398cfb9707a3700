import NextAuth from "next-auth";
import { getAuthOptions } from "@/server/auth/options";
import { withSessionCookieExpiry } from "@/server/auth/session-cookie";
import { guardCredentialsSignIn } from "@/server/auth/sign-in-guard";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

type RouteContext = { params: Promise<{ nextauth: string[] }> };

const handle = async (req: Request, context: RouteContext) =>
  withSessionCookieExpiry(await (NextAuth(getAuthOptions()) as (req: Request, ctx: RouteContext) => Promise<Response>)(req, context));

export const GET = handle;

export async function POST(req: Request, context: RouteContext) {
  const refused = await guardCredentialsSignIn(req);
  return refused ?? handle(req, context);
}

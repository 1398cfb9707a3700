import NextAuth from "next-auth";
import { getAuthOptions } from "@/server/auth/options";
import { getEnv } from "@/env";
import { withSessionCookieExpiry } from "@/server/auth/session-cookie";
import { guardCredentialsSignIn } from "@/server/auth/sign-in-guard";
import { withBodyLimit } from "@/server/http/body-limit";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

type RouteContext = { params: Promise<{ nextauth: string[] }> };

const handle = async (req: Request, context: RouteContext) =>
  withSessionCookieExpiry(await (NextAuth(getAuthOptions()) as (req: Request, ctx: RouteContext) => Promise<Response>)(req, context));

export const GET = handle;

export const POST = withBodyLimit(
  () => getEnv().BODY_LIMIT_BYTES,
  async (req: Request, context: RouteContext) => (await guardCredentialsSignIn(req)) ?? handle(req, context),
);

import { toAppError } from "@/server/errors";
import { formRoute, formSessionCookie, NO_STORE } from "@/server/http/form-route";
import { resumeFromLink } from "@/server/services/forms/form-sessions";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * GET /api/public/forms/<slug>/resume?token= : the emailed link. A valid one gives this browser the session's cookie
 * and goes on to the form (303); an expired or used one goes to the form with a notice.
 */
export const GET = formRoute(async (req, { ctx, form }) => {
  // Relative: the browser stays on the host it came by.
  const page = `/f/${encodeURIComponent(form.slug)}`;
  const token = new URL(req.url).searchParams.get("token") ?? "";
  try {
    const { token: sessionToken } = await resumeFromLink(ctx, form, token.slice(0, 200));
    return new Response(null, { status: 303, headers: { ...NO_STORE, Location: page, "Set-Cookie": formSessionCookie(form.id, sessionToken) } });
  } catch (e) {
    if (toAppError(e)?.code !== "NOT_FOUND") throw e;
    return new Response(null, { status: 303, headers: { ...NO_STORE, Location: `${page}?resume=expired` } });
  }
});

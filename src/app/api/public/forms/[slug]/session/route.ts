import { getEnv } from "@/env";
import { publicFormSaveSchema } from "@/schemas/forms";
import { withBodyLimit } from "@/server/http/body-limit";
import { formJsonBody, formRoute, formSessionCookie, NO_STORE } from "@/server/http/form-route";
import { saveFormSession } from "@/server/services/forms/form-sessions";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * POST /api/public/forms/<slug>/session { answers, currentField?, renderToken, utmSource? } : the page saves the
 * visitor's answers as they go (debounced). The first save makes the session and sets its HttpOnly cookie.
 */
export const POST = withBodyLimit(
  () => getEnv().BODY_LIMIT_BYTES,
  formRoute(async (req, { ctx, form, sessionToken }) => {
    const input = publicFormSaveSchema.parse(await formJsonBody(req));
    const saved = await saveFormSession(ctx, form, sessionToken, input);
    return Response.json({ saved: true }, { headers: { ...NO_STORE, ...(saved.newToken ? { "Set-Cookie": formSessionCookie(form.id, saved.newToken) } : {}) } });
  }),
  NO_STORE,
);

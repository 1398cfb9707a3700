import { getEnv } from "@/env";
import { publicFormSubmitSchema } from "@/schemas/forms";
import { withBodyLimit } from "@/server/http/body-limit";
import { formJsonBody, formRoute, formSessionCookie, NO_STORE } from "@/server/http/form-route";
import { submitForm } from "@/server/services/forms/submit-form";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * POST /api/public/forms/<slug>/submit { answers, renderToken, clientSubmissionId, utmSource?, website?, captchaToken? }
 * 201 { submissionId, thankYouMessage, redirectUrl } | 400 { error, fieldErrors: { "answers.<key>": [...] } } | 404 | 429.
 * The session's cookie is cleared: the form is done.
 */
export const POST = withBodyLimit(
  () => getEnv().BODY_LIMIT_BYTES,
  formRoute(async (req, { ctx, form, sessionToken }) => {
    const input = publicFormSubmitSchema.parse(await formJsonBody(req));
    const result = await submitForm(ctx, form, sessionToken, input);
    return Response.json(result, { status: 201, headers: { ...NO_STORE, "Set-Cookie": formSessionCookie(form.id, null) } });
  }),
  NO_STORE,
);

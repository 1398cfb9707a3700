import { getEnv } from "@/env";
import { publicFormEventSchema } from "@/schemas/forms";
import { withBodyLimit } from "@/server/http/body-limit";
import { formJsonBody, formRoute, NO_STORE } from "@/server/http/form-route";
import { recordPageEvent } from "@/server/services/forms/form-events";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** POST /api/public/forms/<slug>/events { type: view | step, renderToken, stepIndex?, fieldKey?, utmSource? } : 202. */
export const POST = withBodyLimit(
  () => getEnv().BODY_LIMIT_BYTES,
  formRoute(async (req, { ctx, form, sessionToken }) => {
    const input = publicFormEventSchema.parse(await formJsonBody(req));
    await recordPageEvent(ctx, form, sessionToken, input);
    return new Response(null, { status: 202 });
  }),
  NO_STORE,
);

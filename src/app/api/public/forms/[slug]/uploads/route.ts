import { getEnv } from "@/env";
import { publicFormUploadSchema } from "@/schemas/forms";
import { withBodyLimit } from "@/server/http/body-limit";
import { formJsonBody, formRoute, formSessionCookie, NO_STORE } from "@/server/http/form-route";
import { startFormUpload } from "@/server/services/forms/form-uploads";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * POST /api/public/forms/<slug>/uploads { renderToken, fieldKey, fileName, contentType, size } : 201 { uploadId, upload }
 * where `upload` is the signed PUT the browser sends the file with (straight to storage), then confirms.
 */
export const POST = withBodyLimit(
  () => getEnv().BODY_LIMIT_BYTES,
  formRoute(async (req, { ctx, form, sessionToken }) => {
    const input = publicFormUploadSchema.parse(await formJsonBody(req));
    const { newToken, ...started } = await startFormUpload(ctx, form, sessionToken, input);
    return Response.json(started, { status: 201, headers: { ...NO_STORE, ...(newToken ? { "Set-Cookie": formSessionCookie(form.id, newToken) } : {}) } });
  }),
  NO_STORE,
);

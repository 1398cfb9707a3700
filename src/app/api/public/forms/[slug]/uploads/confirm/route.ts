import { getEnv } from "@/env";
import { publicFormConfirmUploadSchema } from "@/schemas/forms";
import { withBodyLimit } from "@/server/http/body-limit";
import { formJsonBody, formRoute, NO_STORE } from "@/server/http/form-route";
import { confirmFormUpload } from "@/server/services/forms/form-uploads";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** POST /api/public/forms/<slug>/uploads/confirm { renderToken, uploadId } : the stored file checked (type, size). */
export const POST = withBodyLimit(
  () => getEnv().BODY_LIMIT_BYTES,
  formRoute(async (req, { ctx, form, sessionToken }) => {
    const input = publicFormConfirmUploadSchema.parse(await formJsonBody(req));
    return Response.json(await confirmFormUpload(ctx, form, sessionToken, input));
  }),
  NO_STORE,
);

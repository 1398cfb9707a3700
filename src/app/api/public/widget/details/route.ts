import { getEnv } from "@/env";
import { widgetDetailsSchema } from "@/schemas/widget";
import { withBodyLimit } from "@/server/http/body-limit";
import { jsonBody, NO_STORE, widgetRoute } from "@/server/http/widget";
import { saveWidgetDetails } from "@/server/services/widget/visitor-chat";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** POST /api/public/widget/details { key, name?, email?, phone? }: the visitor's details fill their lead. */
export const POST = withBodyLimit(
  () => getEnv().BODY_LIMIT_BYTES,
  widgetRoute(
    async (req, { ctx, workspace, token }) => {
      const input = widgetDetailsSchema.parse(await jsonBody(req));
      return Response.json(await saveWidgetDetails(ctx, workspace, token, input));
    },
    { key: (req) => jsonBody(req.clone()) },
  ),
  NO_STORE,
);

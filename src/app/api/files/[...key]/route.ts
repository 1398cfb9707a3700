import { receiveSignedUpload, serveSignedFile } from "@/server/integrations/storage/file-route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

type RouteContext = { params: Promise<{ key: string[] }> };

/** A file of the filesystem storage driver, by a signed URL (see storage/signed-urls.ts). */
export async function GET(req: Request, { params }: RouteContext) {
  return serveSignedFile(req, (await params).key);
}

export async function PUT(req: Request, { params }: RouteContext) {
  return receiveSignedUpload(req, (await params).key);
}

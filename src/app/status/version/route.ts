import packageJson from "../../../../package.json";

export const dynamic = "force-dynamic";

export function GET() {
  return Response.json({
    version: packageJson.version,
    commit: process.env.GIT_COMMIT || null,
    node: process.version,
  });
}

/**
 * Runs once when a Next server starts (scripts/server.ts, or the standalone output's server.js). A production server
 * that cannot tell its clients apart (served by Next alone without TRUSTED_CLIENT_IP_HEADER) stops here, naming the
 * setting, instead of letting per-IP limits trust what clients write.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { clientIpSourceProblem } = await import("@/server/auth/client-ip");
  const problem = clientIpSourceProblem();
  if (problem) {
    console.error(JSON.stringify({ level: "fatal", msg: problem }));
    process.exit(1);
  }
}

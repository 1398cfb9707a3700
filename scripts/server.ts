// The app's HTTP server: Next's request handler behind a plain node:http server, so the client IP that
// rate limits and lockouts rely on cannot be forged. Next itself only fills X-Forwarded-For when the
// client did not send one; here a client-sent chain is dropped unless TRUST_PROXY_HOPS says proxies
// sit in front, and the direct peer is always appended (src/server/auth/client-ip.ts reads it).
import "dotenv/config";
import http from "node:http";
import next from "next";
import { getEnv } from "@/env";
import { markForwardedForNormalised } from "@/server/auth/client-ip";
import { prepareDatabase } from "@/server/db/startup";

const env = getEnv();
// Before Next loads (its start check, src/instrumentation.ts, reads it): X-Forwarded-For is rewritten below.
markForwardedForNormalised();
// The spec's start sequence: wait up to 30 s for PostgreSQL, apply pending migrations, then listen.
await prepareDatabase({ log: (msg) => console.log(JSON.stringify({ level: "info", msg })) });
const dev = process.argv.includes("--dev");
const hostname = process.env.HOSTNAME_BIND ?? "0.0.0.0";
const app = next({ dev, hostname, port: env.PORT });
await app.prepare();
const handle = app.getRequestHandler();

// The soak benchmark (bench/soak.ts) samples the serving process's memory; only with BENCH_ROUTES=1, never otherwise.
const memoryProbe = process.env.BENCH_ROUTES === "1";

const server = http.createServer((req, res) => {
  if (memoryProbe && req.url?.startsWith("/__bench/memory") && req.socket.remoteAddress?.match(/^(::ffff:)?127\.0\.0\.1$|^::1$/)) {
    // ?gc=1 with --expose-gc: a full collection first, so the heap figure is what is still referenced.
    const gc = (globalThis as { gc?: () => void }).gc;
    if (req.url.endsWith("?gc=1") && gc) gc();
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(process.memoryUsage()));
    return;
  }
  const peer = req.socket.remoteAddress ?? "unknown";
  const forwarded = env.TRUST_PROXY_HOPS > 0 ? req.headers["x-forwarded-for"] : undefined;
  const chain = (Array.isArray(forwarded) ? forwarded.join(",") : (forwarded ?? "")).trim();
  req.headers["x-forwarded-for"] = chain ? `${chain}, ${peer}` : peer;
  void handle(req, res);
});
server.keepAliveTimeout = 65_000;
server.listen(env.PORT, hostname, () => {
  console.log(JSON.stringify({ level: "info", msg: `app listening on http://${hostname}:${env.PORT}`, dev }));
});

const shutdown = () => {
  server.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 10_000).unref();
};
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);

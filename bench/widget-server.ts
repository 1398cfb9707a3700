// The server side of `npm run bench:widget` (started by bench/widget.ts with the environment set): the website chat's
// real route handlers and the tRPC route handler (for the test chat), behind one node:http server in one process, so
// its RSS is what the open chat streams cost. Responses are streamed as they come (server-sent events).
import http from "node:http";
import type { AddressInfo } from "node:net";
import * as widgetMessages from "@/app/api/public/widget/messages/route";
import * as widgetEvents from "@/app/api/public/widget/events/route";
import * as trpcRoute from "@/app/api/trpc/[trpc]/route";

type Handler = (req: Request) => Promise<Response> | Response;

const routes: Record<string, Handler> = {
  "/api/public/widget/messages": (req) => (req.method === "POST" ? widgetMessages.POST(req) : widgetMessages.GET(req)),
  "/api/public/widget/events": (req) => widgetEvents.GET(req),
};
const trpc: Handler = (req) => (req.method === "POST" ? trpcRoute.POST(req) : trpcRoute.GET(req));

const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    void (async () => {
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      const handler = url.pathname.startsWith("/api/trpc/") ? trpc : routes[url.pathname];
      if (!handler) return void res.writeHead(404).end();
      const headers = new Headers();
      for (const [key, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(key, value);
      const gone = new AbortController();
      res.on("close", () => gone.abort());
      const response = await handler(new Request(url, { method: req.method, headers, body: chunks.length ? Buffer.concat(chunks) : undefined, signal: gone.signal }));
      res.writeHead(response.status, Object.fromEntries(response.headers));
      if (response.body) for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) res.write(chunk);
      res.end();
    })().catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
});
server.keepAliveTimeout = 10_000;
server.headersTimeout = 0;
server.requestTimeout = 0;
server.listen(Number(process.env.BENCH_PORT), "127.0.0.1", () => {
  console.log(`ready ${(server.address() as AddressInfo).port}`);
});
process.on("SIGTERM", () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});

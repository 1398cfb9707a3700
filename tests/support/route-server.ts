import http from "node:http";
import type { AddressInfo } from "node:net";

type RouteHandler = (req: Request) => Promise<Response> | Response;

/**
 * The app's own route handlers (e.g. POST /api/webhooks/twilio/sms) served over real HTTP on a free port, so an
 * outside caller (the Twilio emulator's callbacks, a test's fetch) reaches them as it would reach the app.
 */
export async function startRouteServer(routes: Record<string, RouteHandler>): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      void (async () => {
        const url = new URL(req.url ?? "/", `http://${req.headers.host ?? "127.0.0.1"}`);
        const handler = routes[url.pathname];
        if (!handler) {
          res.writeHead(404).end();
          return;
        }
        const headers = new Headers();
        for (const [key, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(key, value);
        // The client going away aborts the request, as in Next (a server-sent event stream then ends).
        const gone = new AbortController();
        res.on("close", () => gone.abort());
        const response = await handler(new Request(url, { method: req.method, headers, body: chunks.length ? Buffer.concat(chunks) : undefined, signal: gone.signal }));
        res.writeHead(response.status, Object.fromEntries(response.headers));
        // Streamed as it comes (server-sent events), not buffered.
        if (response.body) for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) res.write(chunk);
        res.end();
      })().catch((e: unknown) => {
        res.writeHead(500).end(String(e));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}

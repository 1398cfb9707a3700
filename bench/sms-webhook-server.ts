// The server side of `npm run bench:sms` (started by bench/sms-webhook.ts with the environment set): the app's real
// inbound SMS route handler and a plain route handler answering the same TwiML, behind one node:http server.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { POST as inboundSms } from "@/app/api/webhooks/twilio/sms/route";
import { EMPTY_TWIML } from "@/server/services/sms/twilio-webhook";

type Handler = (req: Request) => Promise<Response> | Response;

const plain: Handler = async (req) => {
  await req.text();
  return new Response(EMPTY_TWIML, { status: 200, headers: { "Content-Type": "text/xml; charset=utf-8" } });
};
const routes: Record<string, Handler> = { "/api/webhooks/twilio/sms": inboundSms, "/bench/plain": plain };

const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    void (async () => {
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      const handler = routes[url.pathname];
      if (!handler) return void res.writeHead(404).end();
      const headers = new Headers();
      for (const [key, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(key, value);
      const response = await handler(new Request(url, { method: req.method, headers, body: Buffer.concat(chunks) }));
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(Buffer.from(await response.arrayBuffer()));
    })().catch(() => res.writeHead(500).end());
  });
});
server.keepAliveTimeout = 10_000;
server.listen(Number(process.env.BENCH_PORT), "127.0.0.1", () => {
  console.log(`ready ${(server.address() as AddressInfo).port}`);
});
process.on("SIGTERM", () => server.close(() => process.exit(0)));

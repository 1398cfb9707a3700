// The model for bench:ai, in its own process (the model is never inside the worker or the bench): an OpenAI-compatible
// chat completions server that takes as long as a hosted model. Each completion takes a latency drawn from the request
// itself (modelLatencyMs below, so the bench computes the same figure for every turn without asking): 1-2 s by default
// (MODEL_LATENCY_MS=min-max), none for a last message starting with "[instant]". With `stream: true` the tokens are
// sent as server-sent events spread over that time; otherwise the whole answer comes at its end, as OpenAI does.
// Connections are kept alive (60 s). It counts completions per last message (GET /stats), so duplicate turns show.
// Prints its base URL for the bench to read.
import http from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { modelLatencyMs } from "./model-latency";

const [minMs, maxMs] = (process.env.MODEL_LATENCY_MS ?? "1000-2000").split("-").map(Number) as [number, number];
const REPLY = "Thanks! Would Tuesday at 10:00 work for you? I can also offer Wednesday at 14:30.";
const TOKENS = REPLY.split(/(?<= )/);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let counter = 0;
let completions = 0;
let inFlight = 0;
let peakInFlight = 0;
const served = new Map<string, number>();

const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    void (async () => {
      if (req.method === "GET" && req.url === "/stats") {
        const duplicates = [...served.values()].filter((n) => n > 1).length;
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ completions, peakInFlight, duplicates }));
        return;
      }
      if (req.method === "POST" && req.url === "/reset") {
        served.clear();
        completions = 0;
        peakInFlight = 0;
        res.writeHead(204).end();
        return;
      }
      if (req.method !== "POST" || req.url !== "/v1/chat/completions") {
        res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ error: { message: "no route" } }));
        return;
      }
      const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { model: string; stream?: boolean; messages: { role: string; content?: string | null }[] };
      const last = [...body.messages].reverse().find((m) => m.role === "user")?.content ?? "";
      served.set(last, (served.get(last) ?? 0) + 1);
      completions++;
      peakInFlight = Math.max(peakInFlight, ++inFlight);
      const latency = modelLatencyMs(last, minMs, maxMs);
      const id = `chatcmpl-bench-${++counter}`;
      const created = Math.floor(Date.now() / 1000);
      const usage = { prompt_tokens: 500, completion_tokens: TOKENS.length, total_tokens: 500 + TOKENS.length };
      try {
        if (body.stream) {
          res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
          const chunk = (delta: object, finish: string | null) =>
            `data: ${JSON.stringify({ id, object: "chat.completion.chunk", created, model: body.model, choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
          res.write(chunk({ role: "assistant", content: "" }, null));
          for (const token of TOKENS) {
            await sleep(latency / TOKENS.length);
            res.write(chunk({ content: token }, null));
          }
          res.write(chunk({}, "stop"));
          res.end(`data: ${JSON.stringify({ id, object: "chat.completion.chunk", created, model: body.model, choices: [], usage })}\n\ndata: [DONE]\n\n`);
          return;
        }
        if (latency > 0) await sleep(latency);
        res.writeHead(200, { "content-type": "application/json" }).end(
          JSON.stringify({
            id,
            object: "chat.completion",
            created,
            model: body.model,
            choices: [{ index: 0, message: { role: "assistant", content: REPLY, refusal: null }, finish_reason: "stop", logprobs: null }],
            usage,
          }),
        );
      } finally {
        inFlight--;
      }
    })().catch((e: unknown) => {
      if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: { message: String(e) } }));
    });
  });
});
server.keepAliveTimeout = 60_000;
server.maxRequestsPerSocket = 0;
const sockets = new Set<Socket>();
server.on("connection", (socket) => {
  sockets.add(socket);
  socket.on("close", () => sockets.delete(socket));
});
await new Promise<void>((resolve) => server.listen(Number(process.env.MODEL_PORT ?? 0), "127.0.0.1", resolve));
console.log(`MODEL_BASE_URL=http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`);

const stop = () => {
  for (const socket of sockets) socket.destroy();
  server.close(() => process.exit(0));
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);

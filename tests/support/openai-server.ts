import http from "node:http";
import type { AddressInfo, Socket } from "node:net";

/**
 * A local server that speaks OpenAI's chat completions API (POST /v1/chat/completions, JSON, tool calls), scripted
 * per test. The product's real `openai` SDK client talks to it over HTTP through OPENAI_BASE_URL, so timeouts,
 * retries, request shapes and tool-call parsing are the SDK's own.
 */
export interface ScriptedToolCall {
  name: string;
  /** An object is JSON-encoded, a string is sent as is (to test malformed arguments). */
  arguments: Record<string, unknown> | string;
  id?: string;
}

export interface ScriptedReply {
  content?: string | null;
  toolCalls?: ScriptedToolCall[];
  /** Milliseconds before answering (longer than the client's timeout: the client gives up). */
  delayMs?: number;
  /** An HTTP error instead of a completion. */
  status?: number;
  usage?: { prompt_tokens: number; completion_tokens: number };
  /** Sent as the 200 response body instead of a completion (a broken server). */
  rawBody?: string;
}

export interface RecordedRequest {
  body: {
    model: string;
    messages: { role: string; content?: string | null; tool_calls?: { id: string; function: { name: string; arguments: string } }[]; tool_call_id?: string }[];
    tools?: { type: string; function: { name: string; description?: string; parameters?: unknown } }[];
    temperature?: number;
    max_tokens?: number;
    max_completion_tokens?: number;
    [key: string]: unknown;
  };
  authorization: string | undefined;
  receivedAt: number;
}

export type Responder = (request: RecordedRequest) => ScriptedReply | Promise<ScriptedReply>;

export interface LocalOpenAI {
  /** The SDK's baseURL (…/v1). */
  baseURL: string;
  requests: RecordedRequest[];
  /** Replies used in order, one per request; when they run out, the fallback answers (default: HTTP 500). */
  script(...replies: (ScriptedReply | Responder)[]): void;
  fallback(responder: Responder | null): void;
  /** Forgets scripted replies and recorded requests. */
  reset(): void;
  close(): Promise<void>;
}

const estimateTokens = (text: string) => Math.max(1, Math.ceil(text.length / 4));

/**
 * `keepAliveTimeoutMs`: how long an idle connection stays open. The 1 s default lets tests end quickly; undici (the SDK's
 * fetch) then closes the connection after each response, since it keeps one only when the server promises more than 2 s.
 */
export async function startLocalOpenAI(opts: { keepAliveTimeoutMs?: number } = {}): Promise<LocalOpenAI> {
  let queue: (ScriptedReply | Responder)[] = [];
  let fallback: Responder | null = null;
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  let counter = 0;

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      void (async () => {
        if (req.method !== "POST" || req.url !== "/v1/chat/completions") {
          res.writeHead(404, { "content-type": "application/json" });
          res.end(JSON.stringify({ error: { message: `No route ${req.method} ${req.url}`, type: "invalid_request_error" } }));
          return;
        }
        const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as RecordedRequest["body"];
        const recorded: RecordedRequest = { body, authorization: req.headers.authorization, receivedAt: Date.now() };
        requests.push(recorded);
        const next = queue.shift() ?? fallback;
        const reply: ScriptedReply = next
          ? typeof next === "function"
            ? await next(recorded)
            : next
          : { status: 500, content: "no scripted reply left" };
        if (reply.delayMs) await new Promise((r) => setTimeout(r, reply.delayMs));
        if (res.destroyed || req.socket.destroyed) return;
        if (reply.status && reply.status >= 400) {
          res.writeHead(reply.status, { "content-type": "application/json" });
          res.end(JSON.stringify({ error: { message: reply.content ?? "scripted error", type: "server_error" } }));
          return;
        }
        if (reply.rawBody !== undefined) {
          res.writeHead(200, { "content-type": "application/json" });
          res.end(reply.rawBody);
          return;
        }
        const id = `chatcmpl-local-${++counter}`;
        const toolCalls = reply.toolCalls?.map((call, i) => ({
          id: call.id ?? `call_${counter}_${i}`,
          type: "function",
          function: { name: call.name, arguments: typeof call.arguments === "string" ? call.arguments : JSON.stringify(call.arguments) },
        }));
        const content = reply.content ?? null;
        const usage = reply.usage ?? {
          prompt_tokens: estimateTokens(JSON.stringify(body.messages)),
          completion_tokens: estimateTokens((content ?? "") + JSON.stringify(toolCalls ?? [])),
        };
        res.writeHead(200, { "content-type": "application/json" });
        res.end(
          JSON.stringify({
            id,
            object: "chat.completion",
            created: Math.floor(Date.now() / 1000),
            model: body.model,
            choices: [
              {
                index: 0,
                message: { role: "assistant", content, ...(toolCalls?.length ? { tool_calls: toolCalls } : {}), refusal: null },
                finish_reason: toolCalls?.length ? "tool_calls" : "stop",
                logprobs: null,
              },
            ],
            usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens },
          }),
        );
      })().catch((e: unknown) => {
        if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" });
        res.end(JSON.stringify({ error: { message: String(e), type: "server_error" } }));
      });
    });
  });
  server.keepAliveTimeout = opts.keepAliveTimeoutMs ?? 1_000;
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    script: (...replies) => void queue.push(...replies),
    fallback: (responder) => void (fallback = responder),
    reset: () => {
      queue = [];
      fallback = null;
      requests.length = 0;
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

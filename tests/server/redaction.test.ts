import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger } from "@/server/logger";
import { redactForLog, redactSecrets } from "@/server/redact";

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { logger: createLogger(stream, "info"), lines };
}

describe("secrets never reach logs or the audit log", () => {
  it("the logger redacts secret keys at any of the usual depths and keeps the rest", () => {
    const { logger, lines } = capture();
    logger.child({ requestId: "req-1" }).info(
      {
        password: "hunter2-hunter2",
        input: { newPassword: "n3w-secret-pass", email: "a@b.c" },
        req: { headers: { authorization: "Bearer abc.def", cookie: "next-auth.session-token=xyz", "x-api-key": "lk_1_2" } },
        refreshToken: "rt-123",
      },
      "signed in",
    );
    const line = lines.join("");
    for (const secret of ["hunter2-hunter2", "n3w-secret-pass", "Bearer abc.def", "session-token=xyz", "lk_1_2", "rt-123"]) {
      expect(line).not.toContain(secret);
    }
    const parsed = JSON.parse(line);
    expect(parsed).toMatchObject({ level: "info", requestId: "req-1", msg: "signed in", input: { email: "a@b.c" } });
  });

  it("redacts secrets in a child logger's bindings, in logged errors and deeper than three levels, without copying what has none", () => {
    const { logger, lines } = capture();
    const error = Object.assign(new Error("request failed"), { config: { headers: { Authorization: "Bearer err-secret" } } });
    logger.child({ jobId: "job-1", apiKey: "binding-secret" }).error({ err: error, a: { b: { c: { d: { token: "deep-secret" } } } } }, "failed");
    const line = lines.join("");
    for (const secret of ["binding-secret", "err-secret", "deep-secret"]) expect(line).not.toContain(secret);
    const parsed = JSON.parse(line);
    expect(parsed).toMatchObject({ jobId: "job-1", apiKey: "[redacted]", err: { message: "request failed", type: "Error" }, a: { b: { c: { d: { token: "[redacted]" } } } } });
    expect(parsed.err.stack).toContain("request failed");
    const clean = { a: [{ b: 1 }], when: new Date(0) };
    expect(redactForLog(clean)).toBe(clean);
  });

  it("redactSecrets replaces secret-keyed values at any depth, case-insensitively", () => {
    expect(
      redactSecrets({ name: "n", Password: "p", nested: [{ authCode: "c", ok: 1 }], when: new Date(0) }),
    ).toEqual({ name: "n", Password: "[redacted]", nested: [{ authCode: "[redacted]", ok: 1 }], when: new Date(0) });
  });
});

import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { resetEnvCache } from "@/env";
import { DecryptionError, decryptText, encryptText, isEncrypted } from "@/server/crypto/encryption";

describe("encryption at rest (AES-256-GCM)", () => {
  it("round-trips text and never stores it in clear", () => {
    const value = encryptText("message-content", "Call me at 555-0100 — ¿mañana?", "message:1:2");
    expect(isEncrypted(value)).toBe(true);
    expect(value).not.toContain("555-0100");
    expect(decryptText("message-content", value, "message:1:2")).toBe("Call me at 555-0100 — ¿mañana?");
  });

  it("uses a fresh IV each time", () => {
    expect(encryptText("message-content", "same", "c")).not.toBe(encryptText("message-content", "same", "c"));
  });

  it("refuses a value moved to another context, another purpose, or tampered with", () => {
    const value = encryptText("message-content", "secret", "message:1:2");
    expect(() => decryptText("message-content", value, "message:1:3")).toThrow(DecryptionError);
    expect(() => decryptText("integration-credentials", value, "message:1:2")).toThrow(DecryptionError);
    const parts = value.split(".");
    const body = Buffer.from(parts[3]!, "base64url");
    body[0] = body[0]! ^ 1;
    parts[3] = body.toString("base64url");
    expect(() => decryptText("message-content", parts.join("."), "message:1:2")).toThrow(DecryptionError);
    expect(() => decryptText("message-content", "plain text", "message:1:2")).toThrow(/unknown format/);
  });

  it("cannot be read with another ENCRYPTION_KEY", () => {
    const value = encryptText("message-content", "secret", "ctx");
    const original = process.env.ENCRYPTION_KEY;
    try {
      process.env.ENCRYPTION_KEY = randomBytes(32).toString("base64");
      resetEnvCache();
      expect(() => decryptText("message-content", value, "ctx")).toThrow(DecryptionError);
    } finally {
      process.env.ENCRYPTION_KEY = original;
      resetEnvCache();
    }
    expect(decryptText("message-content", value, "ctx")).toBe("secret");
  });
});

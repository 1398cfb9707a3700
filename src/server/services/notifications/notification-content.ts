import { decryptText, encryptText } from "@/server/crypto/encryption";

/** NotificationEmail bodies are encrypted, bound to the workspace and the notification's idempotency key. */
const contextOf = (subAccountId: number, idempotencyKey: string, part: "text" | "html") =>
  `notification:${subAccountId}:${idempotencyKey}:${part}`;

export function encryptNotificationBody(subAccountId: number, idempotencyKey: string, part: "text" | "html", body: string): string {
  return encryptText("notification-content", body, contextOf(subAccountId, idempotencyKey, part));
}

export function decryptNotificationBody(
  row: { subAccountId: number; idempotencyKey: string },
  part: "text" | "html",
  value: string,
): string {
  return decryptText("notification-content", value, contextOf(row.subAccountId, row.idempotencyKey, part));
}

import { SegmentedMessage } from "sms-segments-calculator";

export type SmsEncoding = "GSM-7" | "UCS-2";

export interface SmsSegmentCount {
  encoding: SmsEncoding;
  /** Messages the carrier bills: 1 up to 160 GSM-7 / 70 UCS-2 units, then 153 / 67 per part (the rest is the part header). */
  segments: number;
  /** Units used: GSM-7 septets (an extension-table character such as € or { counts 2) or UCS-2 code units. */
  units: number;
  /** Units one segment holds at this length: 160/153 (GSM-7) or 70/67 (UCS-2). */
  perSegment: number;
  /** Units left before one more segment starts. */
  remaining: number;
}

const LIMITS: Record<SmsEncoding, { single: number; multi: number; bitsPerUnit: number }> = {
  "GSM-7": { single: 160, multi: 153, bitsPerUnit: 7 },
  "UCS-2": { single: 70, multi: 67, bitsPerUnit: 16 },
};

/**
 * Encoding and segments of an SMS body, by Twilio's own calculator (sms-segments-calculator), shared by the compose
 * box (shown as you type) and the server (which stores the count). An empty body is one GSM-7 segment.
 */
export function countSmsSegments(body: string): SmsSegmentCount {
  const message = new SegmentedMessage(body, "auto");
  const encoding = message.encodingName;
  const limits = LIMITS[encoding];
  const units = Math.round(message.messageSize / limits.bitsPerUnit);
  const segments = Math.max(1, message.segmentsCount);
  const perSegment = segments === 1 ? limits.single : limits.multi;
  return { encoding, segments, units, perSegment, remaining: segments * perSegment - units };
}

/** "2 messages · 190/306 characters (GSM-7)" in words a person reads. */
export function describeSmsSegments(count: SmsSegmentCount): string {
  const kind = count.encoding === "GSM-7" ? "standard characters" : "special characters (emoji or accents): fewer per message";
  return `${count.segments} ${count.segments === 1 ? "message" : "messages"} · ${count.remaining} characters left in this one · ${kind}`;
}

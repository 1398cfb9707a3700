"use client";

import { mergeFieldsUsed } from "@/lib/merge-fields";
import { countSmsSegments } from "@/lib/sms-segments";

/** As you type: how many text messages the SMS takes, what is left in the current one, and why (the encoding). */
export function SmsSegmentHint({ text, id }: { text: string; id?: string }) {
  const count = countSmsSegments(text);
  const approximate = mergeFieldsUsed(text).size > 0;
  const kind =
    count.encoding === "GSM-7"
      ? "standard characters: 160 per text, 153 each when split"
      : "emoji or special characters: 70 per text, 67 each when split";
  return (
    <p id={id} className="text-xs text-muted-foreground" aria-live="polite">
      {approximate ? "About " : ""}
      {count.segments} {count.segments === 1 ? "text message" : "text messages"} · {count.remaining} characters left in this one · {kind}
      {approximate ? " (names and times filled in per lead change the length)" : ""}
    </p>
  );
}

"use client";

import { useState } from "react";

import { mergeFieldProblems, renderMergeFields, SAMPLE_MERGE_VALUES } from "@/lib/merge-fields";
import { SMS_MAX_CHARS } from "@/schemas/messages";
import { Label } from "@/components/ui/label";
import { Textarea } from "@/components/ui/textarea";
import { MergeFieldButtons } from "@/features/messages/merge-field-buttons";
import { SmsSegmentHint } from "@/features/messages/sms-segment-hint";

/**
 * A text message with personal details ({{lead.firstName}}, ...): buttons insert them, wrong ones are named as you
 * type, the text-message count follows, and a sample shows how a lead would read it.
 */
export function MessageTextField({ id, value, onChange, label = "Message" }: { id: string; value: string; onChange: (next: string) => void; label?: string }) {
  const [textarea, setTextarea] = useState<HTMLTextAreaElement | null>(null);
  const problems = mergeFieldProblems(value);
  return (
    <div className="grid gap-2">
      <Label htmlFor={id}>{label}</Label>
      <MergeFieldButtons textarea={textarea} value={value} onChange={onChange} />
      <Textarea
        id={id}
        ref={setTextarea}
        rows={5}
        maxLength={SMS_MAX_CHARS}
        value={value}
        aria-invalid={problems.length > 0 || undefined}
        aria-describedby={`${id}-count`}
        onChange={(e) => onChange(e.target.value)}
      />
      <SmsSegmentHint id={`${id}-count`} text={value} />
      {problems.length > 0 ? (
        <ul className="grid gap-1 text-sm text-destructive" role="alert">
          {problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      ) : value.trim() ? (
        <p className="rounded-md bg-muted px-3 py-2 text-sm">
          <span className="text-xs text-muted-foreground">Example: </span>
          {renderMergeFields(value, SAMPLE_MERGE_VALUES)}
        </p>
      ) : null}
    </div>
  );
}

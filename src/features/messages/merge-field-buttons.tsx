"use client";

import { MERGE_FIELDS, type MergeField } from "@/lib/merge-fields";
import { Button } from "@/components/ui/button";

const SHORT_LABELS: Record<MergeField, string> = {
  "lead.firstName": "First name",
  "owner.name": "Owner's name",
  "workspace.name": "Business name",
  "booking.next": "Next booking",
};

/** Buttons that insert a merge field where the cursor is in `textarea`. */
export function MergeFieldButtons({ textarea, value, onChange }: { textarea: HTMLTextAreaElement | null; value: string; onChange: (next: string) => void }) {
  function insert(field: MergeField) {
    const token = `{{${field}}}`;
    const start = textarea?.selectionStart ?? value.length;
    const end = textarea?.selectionEnd ?? value.length;
    onChange(value.slice(0, start) + token + value.slice(end));
    requestAnimationFrame(() => {
      textarea?.focus();
      textarea?.setSelectionRange(start + token.length, start + token.length);
    });
  }
  return (
    <div className="flex flex-wrap items-center gap-1" role="group" aria-label="Insert a personal detail">
      <span className="text-xs text-muted-foreground">Insert:</span>
      {(Object.keys(MERGE_FIELDS) as MergeField[]).map((field) => (
        <Button key={field} type="button" size="sm" variant="outline" title={MERGE_FIELDS[field]} onClick={() => insert(field)}>
          {SHORT_LABELS[field]}
        </Button>
      ))}
    </div>
  );
}

"use client";

import { diffWords } from "diff";

/** "qualificationQuestions" -> "Qualification questions". */
export function labelOf(field: string) {
  if (field === "promptTemplateId") return "Prompt template";
  if (field === "delayMin") return "Shortest reply delay (seconds)";
  if (field === "delayMax") return "Longest reply delay (seconds)";
  if (field === "aiName") return "AI name";
  if (field === "aiRole") return "AI role";
  const words = field.replace(/([A-Z])/g, " $1").toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export type Snapshot = Record<string, unknown>;

/** A snapshot value as a person reads it (templates by name, nothing as "(empty)"). */
export function displayValue(field: string, value: unknown, templateNames: Map<number, string>): string {
  if (value === null || value === undefined || value === "") return field === "promptTemplateId" ? "Workspace default" : "";
  if (field === "promptTemplateId") return templateNames.get(Number(value)) ?? "A template no longer in the catalogue";
  return String(value);
}

/** The fields that differ between two versions, each as a word-level diff (removed struck through, added underlined). */
export function VersionDiff({ from, to, templateNames }: { from: Snapshot; to: Snapshot; templateNames: Map<number, string> }) {
  const fields = [...new Set([...Object.keys(from), ...Object.keys(to)])].filter(
    (field) => displayValue(field, from[field], templateNames) !== displayValue(field, to[field], templateNames),
  );
  if (fields.length === 0) return <p className="text-sm text-muted-foreground">These two versions hold the same text.</p>;
  return (
    <dl className="grid gap-3" data-testid="version-diff">
      {fields.map((field) => {
        const parts = diffWords(displayValue(field, from[field], templateNames), displayValue(field, to[field], templateNames));
        return (
          <div key={field} className="grid gap-1">
            <dt className="text-xs font-medium text-muted-foreground">{labelOf(field)}</dt>
            <dd className="rounded-md border bg-muted/30 p-2 text-sm whitespace-pre-wrap break-words">
              {parts.map((part, i) =>
                part.added ? (
                  <ins key={i} className="bg-success/15 text-success no-underline decoration-success underline-offset-2 [text-decoration-line:underline]">
                    {part.value}
                  </ins>
                ) : part.removed ? (
                  <del key={i} className="bg-destructive/10 text-destructive">
                    {part.value}
                  </del>
                ) : (
                  <span key={i}>{part.value}</span>
                ),
              )}
            </dd>
          </div>
        );
      })}
    </dl>
  );
}

"use client";

import { API_KEY_DOMAINS } from "@/schemas/api-keys";
import { Label } from "@/components/ui/label";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { DOMAIN_LABELS, SCOPE_LEVEL_LABELS, levelsOf, type ScopeLevel, type ScopeLevels } from "./scopes";

/** One access level per domain (no access, read, read & write), in a labelled group. */
export function ScopePicker({
  value,
  onChange,
  error,
}: {
  value: ScopeLevels;
  onChange: (value: ScopeLevels) => void;
  error?: string;
}) {
  return (
    <fieldset className="grid gap-2" aria-describedby={error ? "api-key-scopes-error" : undefined} aria-invalid={error ? true : undefined}>
      <legend className="mb-2 text-sm font-medium">Access</legend>
      <div className="grid gap-2 rounded-lg border p-3">
        {API_KEY_DOMAINS.map((domain) => {
          const id = `api-key-scope-${domain}`;
          return (
            <div key={domain} className="grid grid-cols-[1fr_10rem] items-center gap-3">
              <Label htmlFor={id} className="font-normal">
                {DOMAIN_LABELS[domain]}
              </Label>
              <Select value={value[domain]} onValueChange={(level) => onChange({ ...value, [domain]: level as ScopeLevel })}>
                <SelectTrigger id={id} className="h-8">
                  <SelectValue />
                </SelectTrigger>
                <SelectContent>
                  {levelsOf(domain).map((level) => (
                    <SelectItem key={level} value={level}>
                      {SCOPE_LEVEL_LABELS[level]}
                    </SelectItem>
                  ))}
                </SelectContent>
              </Select>
            </div>
          );
        })}
      </div>
      {error ? (
        <p id="api-key-scopes-error" className="text-xs font-medium text-destructive">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}

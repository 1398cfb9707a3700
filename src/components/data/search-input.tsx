"use client";

import { SearchIcon } from "lucide-react";

import { Input } from "@/components/ui/input";
import { cn } from "@/lib/utils";

/** A search box above a table; `label` names it for assistive technology. */
export function SearchInput({
  label,
  value,
  onChange,
  onBlur,
  placeholder,
  className,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  /** Focus left the box (for a search that writes the page's address: write it now, before a click navigates). */
  onBlur?: () => void;
  placeholder?: string;
  className?: string;
}) {
  return (
    <div className={cn("relative w-full max-w-xs", className)}>
      <SearchIcon className="pointer-events-none absolute top-1/2 left-3 size-4 -translate-y-1/2 text-muted-foreground" aria-hidden="true" />
      <Input
        type="search"
        aria-label={label}
        placeholder={placeholder ?? label}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        onBlur={onBlur}
        className="pl-9"
      />
    </div>
  );
}

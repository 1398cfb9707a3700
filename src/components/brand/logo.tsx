import { cn } from "@/lib/utils";

/** The Loctelli mark and wordmark. The mark is decorative; the wordmark carries the name. */
export function Logo({ className, withWordmark = true }: { className?: string; withWordmark?: boolean }) {
  return (
    <span className={cn("inline-flex items-center gap-2 font-semibold tracking-tight text-foreground", className)}>
      <svg viewBox="0 0 32 32" className="size-7 shrink-0" aria-hidden="true">
        <rect width="32" height="32" rx="8" className="fill-primary" />
        <path
          d="M11 9v11.5a2.5 2.5 0 0 0 2.5 2.5H22"
          fill="none"
          strokeWidth="3"
          strokeLinecap="round"
          strokeLinejoin="round"
          className="stroke-primary-foreground"
        />
        <circle cx="21.5" cy="11.5" r="2.5" className="fill-primary-foreground" />
      </svg>
      {withWordmark ? <span className="text-lg">Loctelli</span> : <span className="sr-only">Loctelli</span>}
    </span>
  );
}

"use client";

import { Checkbox } from "@/components/ui/checkbox";
import { DOMAIN_EVENT_LABELS, DOMAIN_EVENT_TYPES, type DomainEventType } from "@/lib/domain-events";

/** The events an endpoint receives, chosen in words (each with what it means). */
export function EventTypePicker({ value, onChange, error, idPrefix }: { value: DomainEventType[]; onChange: (next: DomainEventType[]) => void; error?: string; idPrefix: string }) {
  const toggle = (type: DomainEventType, on: boolean) => onChange(on ? DOMAIN_EVENT_TYPES.filter((t) => t === type || value.includes(t)) : value.filter((t) => t !== type));
  return (
    <fieldset className="grid gap-2" aria-describedby={error ? `${idPrefix}-error` : undefined}>
      <legend className="mb-1 text-sm font-medium">Events to send</legend>
      <ul className="grid gap-2 sm:grid-cols-2">
        {DOMAIN_EVENT_TYPES.map((type) => {
          const id = `${idPrefix}-${type.replace(".", "-")}`;
          return (
            <li key={type} className="flex items-start gap-2">
              <Checkbox id={id} checked={value.includes(type)} onCheckedChange={(checked) => toggle(type, checked === true)} className="mt-0.5" />
              <label htmlFor={id} className="grid text-sm leading-snug">
                <span className="font-medium">{DOMAIN_EVENT_LABELS[type].label}</span>
                <span className="text-muted-foreground">{DOMAIN_EVENT_LABELS[type].description}</span>
              </label>
            </li>
          );
        })}
      </ul>
      {error ? (
        <p id={`${idPrefix}-error`} role="alert" className="text-sm text-destructive">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}

export function describeEventTypes(types: string[]): string[] {
  return types.map((t) => (t in DOMAIN_EVENT_LABELS ? DOMAIN_EVENT_LABELS[t as DomainEventType].label : t));
}

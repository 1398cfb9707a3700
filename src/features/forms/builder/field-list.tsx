"use client";

import {
  closestCenter,
  DndContext,
  KeyboardSensor,
  PointerSensor,
  TouchSensor,
  useSensor,
  useSensors,
  type DragEndEvent,
  type Announcements,
} from "@dnd-kit/core";
import { SortableContext, sortableKeyboardCoordinates, useSortable, verticalListSortingStrategy } from "@dnd-kit/sortable";
import { CSS } from "@dnd-kit/utilities";
import { ChevronDownIcon, ChevronUpIcon, GripVerticalIcon, Trash2Icon } from "lucide-react";

import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { cn } from "@/lib/utils";
import { FORM_FIELD_TYPE_LABELS, type FormField } from "@/schemas/forms";
import { moveItem } from "./draft";

/**
 * The form's fields (a card form's cards) in order. Reordered by dragging the handle with a pointer or touch, or with
 * the keyboard (focus the handle, Space to lift, arrows to move, Space to drop): dnd-kit's sensors and its
 * screen-reader announcements.
 */
export function FieldList({
  fields,
  kind,
  selectedKey,
  onSelect,
  onChange,
  onRemove,
}: {
  fields: readonly FormField[];
  kind: "simple" | "card";
  selectedKey: string | null;
  onSelect: (key: string) => void;
  onChange: (fields: FormField[]) => void;
  onRemove: (key: string) => void;
}) {
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 4 } }),
    useSensor(TouchSensor, { activationConstraint: { delay: 150, tolerance: 5 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );
  const labelOf = (id: string | number) => fields.find((f) => f.key === id)?.label ?? "the field";
  const positionOf = (id: string | number) => fields.findIndex((f) => f.key === id) + 1;
  const announcements: Announcements = {
    onDragStart: ({ active }) => `Picked up "${labelOf(active.id)}", position ${positionOf(active.id)} of ${fields.length}.`,
    onDragOver: ({ active, over }) => (over ? `"${labelOf(active.id)}" is over position ${positionOf(over.id)} of ${fields.length}.` : undefined),
    onDragEnd: ({ active, over }) => (over ? `Dropped "${labelOf(active.id)}" at position ${positionOf(over.id)} of ${fields.length}.` : `Dropped "${labelOf(active.id)}".`),
    onDragCancel: ({ active }) => `Moving "${labelOf(active.id)}" was cancelled.`,
  };

  function onDragEnd(event: DragEndEvent) {
    const { active, over } = event;
    if (!over || active.id === over.id) return;
    const from = fields.findIndex((f) => f.key === active.id);
    const to = fields.findIndex((f) => f.key === over.id);
    if (from < 0 || to < 0) return;
    onChange(moveItem(fields, from, to));
  }

  const move = (index: number, by: number) => {
    const to = index + by;
    if (to < 0 || to >= fields.length) return;
    onChange(moveItem(fields, index, to));
  };

  let card = 0;
  return (
    <DndContext
      sensors={sensors}
      collisionDetection={closestCenter}
      onDragEnd={onDragEnd}
      accessibility={{
        announcements,
        screenReaderInstructions: { draggable: "To move a field, press Space, use the arrow keys, then press Space again to drop it or Escape to cancel." },
      }}
    >
      <SortableContext items={fields.map((f) => f.key)} strategy={verticalListSortingStrategy}>
        <ol className="grid gap-2" aria-label={kind === "card" ? "Cards, in order" : "Fields, in order"}>
          {fields.map((field, index) => {
            const cardNumber = field.type === "hidden" ? null : ++card;
            return (
              <SortableField
                key={field.key}
                field={field}
                caption={kind === "card" ? (cardNumber ? `Card ${cardNumber}` : "Not shown (from the link)") : null}
                selected={field.key === selectedKey}
                onSelect={() => onSelect(field.key)}
                onRemove={() => onRemove(field.key)}
                onMoveUp={index > 0 ? () => move(index, -1) : undefined}
                onMoveDown={index < fields.length - 1 ? () => move(index, 1) : undefined}
              />
            );
          })}
        </ol>
      </SortableContext>
    </DndContext>
  );
}

function SortableField({
  field,
  caption,
  selected,
  onSelect,
  onRemove,
  onMoveUp,
  onMoveDown,
}: {
  field: FormField;
  caption: string | null;
  selected: boolean;
  onSelect: () => void;
  onRemove: () => void;
  onMoveUp?: () => void;
  onMoveDown?: () => void;
}) {
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } = useSortable({ id: field.key });
  return (
    <li
      ref={setNodeRef}
      style={{ transform: CSS.Transform.toString(transform), transition }}
      className={cn(
        "flex min-w-0 items-center gap-1 rounded-lg border bg-card p-1.5 shadow-xs",
        selected && "border-primary ring-1 ring-primary",
        isDragging && "relative z-10 opacity-80 shadow-md",
      )}
      data-testid="builder-field"
    >
      <button
        type="button"
        ref={setActivatorNodeRef}
        {...attributes}
        {...listeners}
        aria-label={`Move "${field.label}"`}
        className="flex size-8 shrink-0 cursor-grab touch-none items-center justify-center rounded-md text-muted-foreground outline-none hover:bg-accent focus-visible:ring-2 focus-visible:ring-ring active:cursor-grabbing"
      >
        <GripVerticalIcon className="size-4" aria-hidden="true" />
      </button>
      <button type="button" onClick={onSelect} aria-pressed={selected} className="grid min-w-0 flex-1 rounded-md px-1 py-0.5 text-left outline-none focus-visible:ring-2 focus-visible:ring-ring">
        <span className="truncate text-sm font-medium">
          {field.label}
          {field.required ? <span className="text-destructive"> *</span> : null}
        </span>
        <span className="flex flex-wrap items-center gap-1 text-xs text-muted-foreground">
          {caption ? <span>{caption} ·</span> : null}
          <span>{FORM_FIELD_TYPE_LABELS[field.type]}</span>
          {field.mapsTo ? <Badge variant="secondary">→ lead</Badge> : null}
        </span>
      </button>
      <div className="flex shrink-0 items-center">
        <Button type="button" variant="ghost" size="icon" className="size-8" onClick={onMoveUp} disabled={!onMoveUp} aria-label={`Move "${field.label}" up`}>
          <ChevronUpIcon aria-hidden="true" />
        </Button>
        <Button type="button" variant="ghost" size="icon" className="size-8" onClick={onMoveDown} disabled={!onMoveDown} aria-label={`Move "${field.label}" down`}>
          <ChevronDownIcon aria-hidden="true" />
        </Button>
        <Button type="button" variant="ghost" size="icon" className="size-8" onClick={onRemove} aria-label={`Remove "${field.label}"`}>
          <Trash2Icon aria-hidden="true" />
        </Button>
      </div>
    </li>
  );
}

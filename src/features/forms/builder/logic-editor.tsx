"use client";

import { CircleAlertIcon, PlusIcon, Trash2Icon, XIcon } from "lucide-react";

import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { LOGIC_OPERATORS, OPERATOR_LABELS, type LogicOperator } from "@/lib/forms/logic";
import type { FormField } from "@/schemas/forms";
import { ChoiceSelect } from "./choice-select";
import { newRule, OPERATORS_WITHOUT_VALUE, type FormDraft, type LogicRule } from "./draft";

const GONE = "__gone";

/**
 * Conditional logic: each rule shows or hides a field, or (card forms) skips from a card to a later one, when its
 * conditions hold. Problems found by the shared logic module (the one the server runs when saving: loops, fields that
 * no longer exist, skips backwards) show in words under the rule they belong to.
 */
export function LogicEditor({
  draft,
  onChange,
  problems,
}: {
  draft: FormDraft;
  onChange: (rules: LogicRule[]) => void;
  problems: ReadonlyMap<string, readonly string[]>;
}) {
  const { fields, rules } = draft.definition;
  const update = (index: number, rule: LogicRule) => onChange(rules.map((r, i) => (i === index ? rule : r)));

  if (fields.length < 2) return <p className="text-sm text-muted-foreground">Add at least two fields to make one depend on another.</p>;
  return (
    <div className="grid gap-4">
      {rules.length === 0 ? <p className="text-sm text-muted-foreground">No rules: every field is asked, in order.</p> : null}
      <ol className="grid gap-3">
        {rules.map((rule, index) => (
          <li key={rule.id}>
            <RuleEditor
              number={index + 1}
              rule={rule}
              fields={fields}
              kind={draft.kind}
              problems={problems.get(rule.id) ?? []}
              onChange={(r) => update(index, r)}
              onRemove={() => onChange(rules.filter((_, i) => i !== index))}
            />
          </li>
        ))}
      </ol>
      <div>
        <Button type="button" variant="outline" size="sm" onClick={() => onChange([...rules, newRule(fields, draft.kind)])} disabled={rules.length >= 100}>
          <PlusIcon aria-hidden="true" />
          Add a rule
        </Button>
      </div>
    </div>
  );
}

function fieldChoices(fields: readonly FormField[], current: string) {
  const choices = fields.map((f) => ({ value: f.key, label: f.label || "Untitled field" }));
  // A rule may still name a field deleted since: it shows as such (and the problem under the rule says what to do).
  if (current && !fields.some((f) => f.key === current)) choices.unshift({ value: GONE, label: "A deleted field" });
  return choices;
}
const fieldValue = (fields: readonly FormField[], key: string) => (fields.some((f) => f.key === key) ? key : key ? GONE : "");

function RuleEditor({
  number,
  rule,
  fields,
  kind,
  problems,
  onChange,
  onRemove,
}: {
  number: number;
  rule: LogicRule;
  fields: readonly FormField[];
  kind: FormDraft["kind"];
  problems: readonly string[];
  onChange: (rule: LogicRule) => void;
  onRemove: () => void;
}) {
  const idBase = `rule-${rule.id}`;
  const a = rule.action;
  const actionType = a.type;
  const setActionType = (type: string) => {
    const target = a.type === "skip" ? a.to : a.field;
    if (type === "skip") onChange({ ...rule, action: { type: "skip", from: rule.conditions[0]?.field ?? fields[0]?.key ?? "", to: target } });
    else onChange({ ...rule, action: { type: type as "show" | "hide", field: target } });
  };
  const problemId = problems.length > 0 ? `${idBase}-problems` : undefined;

  return (
    <section
      aria-label={`Rule ${number}`}
      aria-describedby={problemId}
      className={problems.length > 0 ? "grid gap-3 rounded-lg border border-destructive p-3" : "grid gap-3 rounded-lg border p-3"}
      data-testid="logic-rule"
    >
      <div className="flex items-center justify-between gap-2">
        <h3 className="text-sm font-medium">Rule {number}</h3>
        <Button type="button" variant="ghost" size="icon" className="size-8" onClick={onRemove} aria-label={`Remove rule ${number}`}>
          <Trash2Icon aria-hidden="true" />
        </Button>
      </div>

      <div className="flex flex-wrap items-center gap-2 text-sm">
        <ChoiceSelect
          aria-label={`Rule ${number}: what to do`}
          className="w-auto min-w-32"
          value={actionType}
          onValueChange={setActionType}
          choices={[
            { value: "show", label: "Show" },
            { value: "hide", label: "Hide" },
            ...(kind === "card" ? [{ value: "skip", label: "Skip from" }] : []),
          ]}
        />
        {a.type === "skip" ? (
          <>
            <ChoiceSelect
              aria-label={`Rule ${number}: skip from`}
              className="w-auto min-w-40 flex-1"
              value={fieldValue(fields, a.from)}
              onValueChange={(v) => v !== GONE && onChange({ ...rule, action: { ...a, from: v } })}
              choices={fieldChoices(fields, a.from)}
            />
            <span>to</span>
            <ChoiceSelect
              aria-label={`Rule ${number}: skip to`}
              className="w-auto min-w-40 flex-1"
              value={fieldValue(fields, a.to)}
              onValueChange={(v) => v !== GONE && onChange({ ...rule, action: { ...a, to: v } })}
              choices={fieldChoices(fields, a.to)}
            />
          </>
        ) : (
          <ChoiceSelect
            aria-label={`Rule ${number}: field to ${a.type}`}
            className="w-auto min-w-40 flex-1"
            value={fieldValue(fields, a.field)}
            onValueChange={(v) => v !== GONE && onChange({ ...rule, action: { ...a, field: v } })}
            choices={fieldChoices(fields, a.field)}
          />
        )}
      </div>

      <div className="flex flex-wrap items-center gap-2 text-sm">
        <span>when</span>
        <ChoiceSelect
          aria-label={`Rule ${number}: all or any`}
          className="w-auto"
          value={rule.match}
          onValueChange={(v) => onChange({ ...rule, match: v as "all" | "any" })}
          choices={[
            { value: "all", label: "all of these hold" },
            { value: "any", label: "any of these holds" },
          ]}
        />
      </div>

      <ul className="grid gap-2">
        {rule.conditions.map((c, ci) => {
          const field = fields.find((f) => f.key === c.field);
          const setCondition = (patch: Partial<LogicRule["conditions"][number]>) =>
            onChange({ ...rule, conditions: rule.conditions.map((x, i) => (i === ci ? { ...x, ...patch } : x)) });
          return (
            <li key={ci} className="flex flex-wrap items-center gap-2">
              <ChoiceSelect
                aria-label={`Rule ${number}, condition ${ci + 1}: field`}
                className="w-auto min-w-36 flex-1"
                value={fieldValue(fields, c.field)}
                onValueChange={(v) => v !== GONE && setCondition({ field: v })}
                choices={fieldChoices(fields, c.field)}
              />
              <ChoiceSelect
                aria-label={`Rule ${number}, condition ${ci + 1}: comparison`}
                className="w-auto min-w-32"
                value={c.operator}
                onValueChange={(v) => {
                  const operator = v as LogicOperator;
                  const value = OPERATORS_WITHOUT_VALUE.has(operator) ? undefined : operator === "any_of" ? (Array.isArray(c.value) ? c.value : c.value ? [c.value] : []) : Array.isArray(c.value) ? (c.value[0] ?? "") : (c.value ?? "");
                  setCondition({ operator, value });
                }}
                choices={LOGIC_OPERATORS.map((op) => ({ value: op, label: OPERATOR_LABELS[op] }))}
              />
              <ConditionValue
                label={`Rule ${number}, condition ${ci + 1}: value`}
                operator={c.operator}
                value={c.value}
                options={field?.options ?? (field?.type === "checkbox" || field?.type === "consent" ? ["true", "false"] : null)}
                onChange={(value) => setCondition({ value })}
              />
              <Button
                type="button"
                variant="ghost"
                size="icon"
                className="size-8"
                onClick={() => onChange({ ...rule, conditions: rule.conditions.filter((_, i) => i !== ci) })}
                aria-label={`Remove condition ${ci + 1} of rule ${number}`}
              >
                <XIcon aria-hidden="true" />
              </Button>
            </li>
          );
        })}
      </ul>
      <div>
        <Button
          type="button"
          variant="ghost"
          size="sm"
          onClick={() => onChange({ ...rule, conditions: [...rule.conditions, { field: fields[0]?.key ?? "", operator: "equals", value: "" }] })}
          disabled={rule.conditions.length >= 20}
        >
          <PlusIcon aria-hidden="true" />
          Add a condition
        </Button>
      </div>

      {problems.length > 0 ? (
        <ul id={problemId} className="grid gap-1 text-sm font-medium text-destructive" data-testid="rule-problem">
          {problems.map((p) => (
            <li key={p} className="flex gap-2">
              <CircleAlertIcon className="mt-0.5 size-4 shrink-0" aria-hidden="true" />
              {p}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

const BOOLEAN_WORDS: Record<string, string> = { true: "ticked", false: "not ticked" };

function ConditionValue({
  label,
  operator,
  value,
  options,
  onChange,
}: {
  label: string;
  operator: LogicOperator;
  value: string | string[] | undefined;
  options: readonly string[] | null;
  onChange: (value: string | string[] | undefined) => void;
}) {
  if (OPERATORS_WITHOUT_VALUE.has(operator)) return null;
  if (operator === "any_of") {
    const list = Array.isArray(value) ? value : value ? [value] : [];
    if (options) {
      return (
        <fieldset className="flex min-w-40 flex-1 flex-wrap gap-x-3 gap-y-1" aria-label={label}>
          {options.map((o) => (
            <label key={o} className="flex items-center gap-1 text-sm">
              <input type="checkbox" checked={list.includes(o)} onChange={(e) => onChange(e.target.checked ? [...list, o] : list.filter((x) => x !== o))} />
              {BOOLEAN_WORDS[o] ?? o}
            </label>
          ))}
        </fieldset>
      );
    }
    return (
      <Input
        aria-label={`${label} (separate with commas)`}
        className="w-auto min-w-40 flex-1"
        placeholder="one, two, three"
        value={list.join(", ")}
        onChange={(e) => onChange(e.target.value.split(",").map((s) => s.trim()).filter((s) => s !== ""))}
      />
    );
  }
  const single = Array.isArray(value) ? (value[0] ?? "") : (value ?? "");
  if (options && (operator === "equals" || operator === "not_equals" || operator === "contains")) {
    return (
      <ChoiceSelect aria-label={label} className="w-auto min-w-32 flex-1" value={single} onValueChange={onChange} choices={options.map((o) => ({ value: o, label: BOOLEAN_WORDS[o] ?? o }))} placeholder="Choose a value" />
    );
  }
  return <Input aria-label={label} className="w-auto min-w-32 flex-1" value={single} maxLength={500} onChange={(e) => onChange(e.target.value)} />;
}

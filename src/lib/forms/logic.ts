/**
 * Conditional logic of a form: the one module the public page (in the browser) and the submission route (on the
 * server) both use, so what a visitor saw and what the server accepts can never disagree.
 *
 * A rule has conditions on answers (all or any must hold) and one action:
 * - `show` a field (a field targeted by a show rule is hidden until one of its show rules holds),
 * - `hide` a field (hidden while one of its hide rules holds),
 * - `skip` from a card to a later card (the fields in between are not asked).
 * A field that is hidden or skipped has no value for the rules that read it, and its value is dropped on submission.
 *
 * `checkLogic` refuses, in words, a rule that names a field that does not exist, that skips backwards, or whose
 * dependencies form a loop (field A decides B, B decides A).
 */

export const LOGIC_OPERATORS = ["equals", "not_equals", "contains", "greater_than", "less_than", "is_empty", "is_not_empty", "any_of"] as const;
export type LogicOperator = (typeof LOGIC_OPERATORS)[number];

export const OPERATOR_LABELS: Record<LogicOperator, string> = {
  equals: "is",
  not_equals: "is not",
  contains: "contains",
  greater_than: "is greater than",
  less_than: "is less than",
  is_empty: "is empty",
  is_not_empty: "is not empty",
  any_of: "is any of",
};

export type AnswerValue = string | number | boolean | string[] | null | undefined;
export type Answers = Readonly<Record<string, AnswerValue>>;

export interface LogicCondition {
  field: string;
  operator: LogicOperator;
  /** A single value; for `any_of`, a list. Unused by `is_empty` / `is_not_empty`. */
  value?: string | string[];
}

export type LogicAction = { type: "show"; field: string } | { type: "hide"; field: string } | { type: "skip"; from: string; to: string };

export interface LogicRule {
  id: string;
  match: "all" | "any";
  conditions: LogicCondition[];
  action: LogicAction;
}

/** What the logic needs to know of a field: its key and a label for error messages. */
export interface LogicField {
  key: string;
  label: string;
}

export interface LogicDefinition {
  fields: readonly LogicField[];
  rules: readonly LogicRule[];
}

// ───────────────────────────── Operators ─────────────────────────────

const asList = (v: AnswerValue): string[] => {
  if (v === null || v === undefined) return [];
  if (Array.isArray(v)) return v.map((x) => x.trim().toLowerCase()).filter((x) => x !== "");
  const s = String(v).trim().toLowerCase();
  return s === "" ? [] : [s];
};

export const isEmptyAnswer = (v: AnswerValue): boolean => v === null || v === undefined || v === false || asList(v).length === 0;

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const NUMBER = /^-?\d+(\.\d+)?$/;

/** Compares two answers as numbers, or as dates when both are YYYY-MM-DD; null when they are neither. */
const compare = (a: AnswerValue, b: string | undefined): number | null => {
  if (a === null || a === undefined || Array.isArray(a) || typeof a === "boolean" || b === undefined) return null;
  const left = String(a).trim();
  const right = b.trim();
  if (DATE.test(left) && DATE.test(right)) return left < right ? -1 : left > right ? 1 : 0;
  if (NUMBER.test(left) && NUMBER.test(right)) return Number(left) - Number(right);
  return null;
};

const sameSet = (a: string[], b: string[]) => a.length === b.length && a.every((x) => b.includes(x));

/** One condition against one answer. Text comparisons ignore case and surrounding spaces. */
export function evaluateCondition(operator: LogicOperator, answer: AnswerValue, value: string | string[] | undefined): boolean {
  switch (operator) {
    case "is_empty":
      return isEmptyAnswer(answer);
    case "is_not_empty":
      return !isEmptyAnswer(answer);
    case "equals":
    case "not_equals": {
      let equal: boolean;
      if (typeof answer === "number" || (typeof answer === "string" && NUMBER.test(answer.trim()))) {
        const c = compare(answer, typeof value === "string" ? value : undefined);
        equal = c === null ? sameSet(asList(answer), asList(value as AnswerValue)) : c === 0;
      } else if (typeof answer === "boolean") {
        equal = String(answer) === String(value ?? "").trim().toLowerCase();
      } else {
        equal = !isEmptyAnswer(answer) && sameSet(asList(answer), asList(value as AnswerValue));
      }
      return operator === "equals" ? equal : !equal;
    }
    case "contains": {
      const needle = asList(value as AnswerValue)[0];
      if (needle === undefined) return false;
      if (Array.isArray(answer)) return asList(answer).includes(needle);
      return asList(answer).some((s) => s.includes(needle));
    }
    case "greater_than":
    case "less_than": {
      const c = compare(answer, typeof value === "string" ? value : undefined);
      if (c === null) return false;
      return operator === "greater_than" ? c > 0 : c < 0;
    }
    case "any_of": {
      const options = asList(value as AnswerValue);
      return asList(answer).some((a) => options.includes(a));
    }
  }
}

// ───────────────────────────── Checking a definition ─────────────────────────────

export interface LogicProblem {
  ruleId: string;
  message: string;
}

const dependenciesOf = (rule: LogicRule) => rule.conditions.map((c) => c.field);

/** The fields a rule decides: the target of show/hide, every field strictly between `from` and `to` for a skip. */
function targetsOf(rule: LogicRule, order: Map<string, number>, keys: readonly string[]): string[] {
  if (rule.action.type !== "skip") return [rule.action.field];
  const from = order.get(rule.action.from);
  const to = order.get(rule.action.to);
  if (from === undefined || to === undefined || to <= from) return [];
  return keys.slice(from + 1, to);
}

/** The problems that make a definition unsaveable, in words a person can act on. Empty when it is sound. */
export function checkLogic(def: LogicDefinition): LogicProblem[] {
  const problems: LogicProblem[] = [];
  const keys = def.fields.map((f) => f.key);
  const order = new Map(keys.map((k, i) => [k, i]));
  const label = (key: string) => def.fields.find((f) => f.key === key)?.label ?? key;
  const seenIds = new Set<string>();

  for (const rule of def.rules) {
    if (seenIds.has(rule.id)) problems.push({ ruleId: rule.id, message: "Two rules have the same id." });
    seenIds.add(rule.id);
    if (rule.conditions.length === 0) problems.push({ ruleId: rule.id, message: "A rule needs at least one condition." });
    for (const c of rule.conditions) {
      if (!order.has(c.field)) problems.push({ ruleId: rule.id, message: `A rule's condition uses a field that no longer exists ("${c.field}"). Remove or change the rule.` });
      if (c.operator === "any_of" && (!Array.isArray(c.value) || c.value.length === 0))
        problems.push({ ruleId: rule.id, message: `The condition on "${label(c.field)}" needs at least one value to match.` });
    }
    const a = rule.action;
    const named = a.type === "skip" ? [a.from, a.to] : [a.field];
    for (const key of named) {
      if (!order.has(key)) problems.push({ ruleId: rule.id, message: `A rule points at a field that no longer exists ("${key}"). Remove or change the rule.` });
    }
    if (a.type === "skip" && order.has(a.from) && order.has(a.to)) {
      if (order.get(a.to)! <= order.get(a.from)!)
        problems.push({ ruleId: rule.id, message: `A rule skips from "${label(a.from)}" back to "${label(a.to)}": skips can only go forward.` });
      for (const c of rule.conditions) {
        if (order.has(c.field) && order.get(c.field)! > order.get(a.from)!)
          problems.push({ ruleId: rule.id, message: `A skip after "${label(a.from)}" cannot depend on "${label(c.field)}", which is asked later.` });
      }
    }
  }
  if (problems.length > 0) return problems;

  // Dependency graph: condition field -> decided field. A loop means no order of evaluation exists.
  const edges = new Map<string, { to: string; ruleId: string }[]>();
  for (const rule of def.rules) {
    const targets = targetsOf(rule, order, keys);
    const sources = rule.action.type === "skip" ? [...dependenciesOf(rule), rule.action.from] : dependenciesOf(rule);
    for (const s of sources) for (const t of targets) edges.set(s, [...(edges.get(s) ?? []), { to: t, ruleId: rule.id }]);
  }
  const cycle = findCycle(keys, edges);
  if (cycle) {
    problems.push({
      ruleId: cycle.ruleId,
      message: `These rules make a loop: ${cycle.path.map(label).map((l) => `"${l}"`).join(" → ")}. A field cannot decide, directly or through others, whether it is shown itself.`,
    });
  }
  return problems;
}

function findCycle(keys: readonly string[], edges: Map<string, { to: string; ruleId: string }[]>): { path: string[]; ruleId: string } | null {
  const state = new Map<string, 1 | 2>(); // 1: on the current path, 2: done
  const stack: string[] = [];
  let found: { path: string[]; ruleId: string } | null = null;
  const visit = (k: string): boolean => {
    state.set(k, 1);
    stack.push(k);
    for (const e of edges.get(k) ?? []) {
      if (state.get(e.to) === 1) {
        found = { path: [...stack.slice(stack.indexOf(e.to)), e.to], ruleId: e.ruleId };
        return true;
      }
      if (!state.has(e.to) && visit(e.to)) return true;
    }
    stack.pop();
    state.set(k, 2);
    return false;
  };
  for (const k of keys) if (!state.has(k) && visit(k)) return found;
  return null;
}

// ───────────────────────────── Evaluating ─────────────────────────────

/** Keys in an order where every field comes after the fields that decide it (the definition must pass `checkLogic`). */
function evaluationOrder(def: LogicDefinition): { key: string; rules: LogicRule[] }[] {
  const keys = def.fields.map((f) => f.key);
  const order = new Map(keys.map((k, i) => [k, i]));
  const decidedBy = new Map<string, LogicRule[]>(keys.map((k) => [k, []]));
  const deps = new Map<string, Set<string>>(keys.map((k) => [k, new Set()]));
  for (const rule of def.rules) {
    for (const t of targetsOf(rule, order, keys)) {
      decidedBy.get(t)?.push(rule);
      for (const d of dependenciesOf(rule)) deps.get(t)?.add(d);
      if (rule.action.type === "skip") deps.get(t)?.add(rule.action.from);
    }
  }
  const out: string[] = [];
  const done = new Set<string>();
  const place = (k: string, depth: number) => {
    if (done.has(k) || depth > keys.length) return;
    for (const d of deps.get(k) ?? []) if (d !== k) place(d, depth + 1);
    if (!done.has(k)) {
      done.add(k);
      out.push(k);
    }
  };
  for (const k of keys) place(k, 0);
  return out.map((key) => ({ key, rules: decidedBy.get(key) ?? [] }));
}

const ruleHolds = (rule: LogicRule, effective: Answers) => {
  const results = rule.conditions.map((c) => evaluateCondition(c.operator, effective[c.field], c.value));
  return rule.match === "all" ? results.every(Boolean) : results.some(Boolean);
};

/** The keys of the fields the visitor is asked, given the answers so far (in form order). */
export function visibleFields(def: LogicDefinition, answers: Answers): string[] {
  const visible = new Set<string>();
  const effective: Record<string, AnswerValue> = {};
  for (const { key, rules } of evaluationOrder(def)) {
    const shows = rules.filter((r) => r.action.type === "show");
    let shown = shows.length === 0 || shows.some((r) => ruleHolds(r, effective));
    for (const r of rules) {
      if (!shown) break;
      if (r.action.type === "hide" && ruleHolds(r, effective)) shown = false;
      if (r.action.type === "skip" && visible.has(r.action.from) && ruleHolds(r, effective)) shown = false;
    }
    if (shown) {
      visible.add(key);
      effective[key] = answers[key];
    }
  }
  return def.fields.map((f) => f.key).filter((k) => visible.has(k));
}

/** Only the answers of visible fields: what the server keeps of a submission (a hidden field's value is never trusted). */
export function keepVisibleAnswers(def: LogicDefinition, answers: Answers): Record<string, AnswerValue> {
  const out: Record<string, AnswerValue> = {};
  for (const k of visibleFields(def, answers)) if (Object.hasOwn(answers, k)) out[k] = answers[k];
  return out;
}

/** The card after `current` in a card form (null at the end), honouring skips and hidden fields. */
export function nextCard(def: LogicDefinition, answers: Answers, current: string | null): string | null {
  const visible = visibleFields(def, answers);
  if (current === null) return visible[0] ?? null;
  const keys = def.fields.map((f) => f.key);
  const at = keys.indexOf(current);
  return visible.find((k) => keys.indexOf(k) > at) ?? null;
}

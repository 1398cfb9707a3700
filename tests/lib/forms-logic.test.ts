import { describe, expect, it } from "vitest";

import {
  checkLogic,
  evaluateCondition,
  keepVisibleAnswers,
  nextCard,
  visibleFields,
  type AnswerValue,
  type LogicDefinition,
  type LogicOperator,
  type LogicRule,
} from "@/lib/forms/logic";

// The public page (browser) and the submission route (server) import this same module: src/lib is client-safe and the
// server's submission service calls keepVisibleAnswers, so one table covers both.

const cases: [LogicOperator, AnswerValue, string | string[] | undefined, boolean][] = [
  ["equals", "Yes", "yes", true],
  ["equals", "  yes ", "YES", true],
  ["equals", "no", "yes", false],
  ["equals", "", "", false],
  ["equals", undefined, "yes", false],
  ["equals", 10, "10", true],
  ["equals", "10.0", "10", true],
  ["equals", 10, "ten", false],
  ["equals", ["a"], "a", true],
  ["equals", ["a", "b"], "a", false],
  ["equals", ["b", "a"], ["a", "b"], true],
  ["equals", true, "true", true],
  ["equals", false, "true", false],
  ["not_equals", "no", "yes", true],
  ["not_equals", "Yes", "yes", false],
  ["not_equals", undefined, "yes", true],
  ["not_equals", ["a", "b"], "a", true],
  ["contains", "I need a new roof", "ROOF", true],
  ["contains", "gutters", "roof", false],
  ["contains", ["roof", "solar"], "solar", true],
  ["contains", ["roof", "solar"], "sol", false],
  ["contains", "anything", "", false],
  ["contains", undefined, "x", false],
  ["greater_than", 5, "3", true],
  ["greater_than", "3", "3", false],
  ["greater_than", "-1.5", "-2", true],
  ["greater_than", "abc", "3", false],
  ["greater_than", undefined, "3", false],
  ["greater_than", "2027-01-02", "2027-01-01", true],
  ["greater_than", ["5"], "3", false],
  ["less_than", 2, "3", true],
  ["less_than", "3", "3", false],
  ["less_than", "2026-12-31", "2027-01-01", true],
  ["less_than", "", "3", false],
  ["is_empty", undefined, undefined, true],
  ["is_empty", null, undefined, true],
  ["is_empty", "   ", undefined, true],
  ["is_empty", [], undefined, true],
  ["is_empty", false, undefined, true],
  ["is_empty", 0, undefined, false],
  ["is_empty", "x", undefined, false],
  ["is_not_empty", "x", undefined, true],
  ["is_not_empty", "", undefined, false],
  ["any_of", "red", ["Red", "blue"], true],
  ["any_of", "green", ["red", "blue"], false],
  ["any_of", ["green", "blue"], ["red", "blue"], true],
  ["any_of", undefined, ["red"], false],
  ["any_of", "red", [], false],
];

describe("conditions", () => {
  it.each(cases)("%s(%j, %j) is %s", (operator, answer, value, expected) => {
    expect(evaluateCondition(operator, answer, value)).toBe(expected);
  });
});

const fields = ["service", "roof_size", "solar_kw", "budget", "email", "notes"].map((key) => ({ key, label: key.replace("_", " ") }));
const rule = (id: string, action: LogicRule["action"], conditions: LogicRule["conditions"], match: "all" | "any" = "all"): LogicRule => ({ id, match, conditions, action });

describe("visibility and skips", () => {
  const def: LogicDefinition = {
    fields,
    rules: [
      rule("r1", { type: "show", field: "roof_size" }, [{ field: "service", operator: "equals", value: "roof" }]),
      rule("r2", { type: "show", field: "solar_kw" }, [{ field: "service", operator: "equals", value: "solar" }]),
      // budget is asked only for big roofs: depends on a field that may itself be hidden
      rule("r3", { type: "hide", field: "budget" }, [{ field: "roof_size", operator: "less_than", value: "100" }]),
      rule("r4", { type: "skip", from: "service", to: "notes" }, [{ field: "service", operator: "equals", value: "just browsing" }]),
    ],
  };

  it.each([
    [{}, ["service", "budget", "email", "notes"]],
    [{ service: "roof" }, ["service", "roof_size", "budget", "email", "notes"]],
    [{ service: "roof", roof_size: 50 }, ["service", "roof_size", "email", "notes"]],
    [{ service: "roof", roof_size: 500 }, ["service", "roof_size", "budget", "email", "notes"]],
    // roof_size is hidden when the service is solar, so its stale answer no longer hides the budget
    [{ service: "solar", roof_size: 50 }, ["service", "solar_kw", "budget", "email", "notes"]],
    [{ service: "just browsing", roof_size: 50 }, ["service", "notes"]],
  ] as [Record<string, AnswerValue>, string[]][])("answers %j show %j", (answers, expected) => {
    expect(checkLogic(def)).toEqual([]);
    expect(visibleFields(def, answers)).toEqual(expected);
  });

  it("drops the values of fields hidden by logic, never trusting them", () => {
    expect(keepVisibleAnswers(def, { service: "solar", roof_size: 50, solar_kw: "6", budget: "9000", admin: "x" })).toEqual({
      service: "solar",
      solar_kw: "6",
      budget: "9000",
    });
    expect(keepVisibleAnswers(def, { service: "just browsing", email: "a@b.c", notes: "hi" })).toEqual({ service: "just browsing", notes: "hi" });
  });

  it("walks cards honouring skips", () => {
    expect(nextCard(def, {}, null)).toBe("service");
    expect(nextCard(def, { service: "roof" }, "service")).toBe("roof_size");
    expect(nextCard(def, { service: "just browsing" }, "service")).toBe("notes");
    expect(nextCard(def, { service: "roof", roof_size: 20 }, "roof_size")).toBe("email");
    expect(nextCard(def, {}, "notes")).toBeNull();
  });

  it("any match", () => {
    const anyDef: LogicDefinition = {
      fields,
      rules: [
        rule("a", { type: "hide", field: "notes" }, [
          { field: "service", operator: "equals", value: "x" },
          { field: "email", operator: "is_empty" },
        ], "any"),
      ],
    };
    expect(visibleFields(anyDef, { service: "y", email: "a@b.c" })).toContain("notes");
    expect(visibleFields(anyDef, { service: "x", email: "a@b.c" })).not.toContain("notes");
    expect(visibleFields(anyDef, { service: "y" })).not.toContain("notes");
  });
});

describe("definitions refused when saving", () => {
  const problems = (rules: LogicRule[]) => checkLogic({ fields, rules }).map((p) => p.message);

  it("a loop through two fields", () => {
    const msgs = problems([
      rule("a", { type: "show", field: "budget" }, [{ field: "email", operator: "is_not_empty" }]),
      rule("b", { type: "hide", field: "email" }, [{ field: "budget", operator: "is_empty" }]),
    ]);
    expect(msgs).toHaveLength(1);
    expect(msgs[0]).toMatch(/loop: "(budget|email)" → "(budget|email)" → "(budget|email)"/);
  });

  it("a field deciding itself", () => {
    expect(problems([rule("a", { type: "hide", field: "email" }, [{ field: "email", operator: "is_empty" }])])[0]).toMatch(/loop/);
  });

  it("a loop through a skip", () => {
    // notes shows budget; the skip over budget reads notes (which comes after `from`): refused as a later field
    expect(problems([rule("s", { type: "skip", from: "service", to: "email" }, [{ field: "notes", operator: "is_empty" }])])[0]).toMatch(/asked later/);
    expect(
      problems([
        rule("s", { type: "skip", from: "roof_size", to: "email" }, [{ field: "service", operator: "is_empty" }]),
        rule("h", { type: "hide", field: "roof_size" }, [{ field: "budget", operator: "is_empty" }]),
      ])[0],
    ).toMatch(/loop/);
  });

  it("a rule naming a deleted field", () => {
    expect(problems([rule("a", { type: "show", field: "gone" }, [{ field: "email", operator: "is_empty" }])])[0]).toMatch(/no longer exists \("gone"\)/);
    expect(problems([rule("a", { type: "show", field: "email" }, [{ field: "gone", operator: "is_empty" }])])[0]).toMatch(/no longer exists \("gone"\)/);
    expect(problems([rule("a", { type: "skip", from: "service", to: "gone" }, [{ field: "service", operator: "is_empty" }])])[0]).toMatch(/no longer exists/);
  });

  it("a backwards skip, an empty rule, an empty any-of, a duplicate id", () => {
    expect(problems([rule("a", { type: "skip", from: "email", to: "service" }, [{ field: "email", operator: "is_empty" }])])[0]).toMatch(/only go forward/);
    expect(problems([rule("a", { type: "hide", field: "email" }, [])])[0]).toMatch(/at least one condition/);
    expect(problems([rule("a", { type: "hide", field: "email" }, [{ field: "service", operator: "any_of", value: [] }])])[0]).toMatch(/at least one value/);
    const c = [{ field: "service", operator: "is_empty" as const }];
    expect(problems([rule("a", { type: "hide", field: "email" }, c), rule("a", { type: "hide", field: "notes" }, c)])[0]).toMatch(/same id/);
  });
});

import { describe, expect, it } from "vitest";
import { validateAnswers } from "@/lib/forms/validate";
import type { FormDefinition, FormField } from "@/schemas/forms";

const field = (key: string, type: FormField["type"], extra: Partial<FormField> = {}): FormField => ({ key, type, label: key, required: false, ...extra });

describe("answers checked against a form version (browser and server run this same function)", () => {
  const cases: [FormField, unknown, string | null, unknown][] = [
    [field("n", "short_text", { required: true }), "", '"n" is required.', undefined],
    [field("n", "short_text"), "  Ada\u0000 ", null, "Ada"],
    [field("n", "short_text", { max: 3 }), "abcd", '"n" is at most 3 characters.', undefined],
    [field("n", "short_text", { min: 2 }), "a", '"n" needs at least 2 characters.', undefined],
    [field("n", "short_text", { pattern: "^[A-Z]{2}\\d+$" }), "AB12", null, "AB12"],
    [field("n", "short_text", { pattern: "^[A-Z]{2}\\d+$" }), "ab12", '"n" is not in the expected format.', undefined],
    [field("e", "email"), "ada@example.com", null, "ada@example.com"],
    [field("e", "email"), "ada@", '"e" needs an email address like name@example.com.', undefined],
    [field("p", "phone"), "+1 (415) 555-0100", null, "+1 (415) 555-0100"],
    [field("p", "phone"), "call me", '"p" needs a phone number (7 to 15 digits).', undefined],
    [field("x", "number", { min: 1, max: 10 }), "7", null, 7],
    [field("x", "number", { min: 1, max: 10 }), 11, '"x" must be at most 10.', undefined],
    [field("x", "number"), "seven", '"x" needs a number.', undefined],
    [field("r", "rating"), 5, null, 5],
    [field("r", "rating"), 6, '"r" must be at most 5.', undefined],
    [field("r", "rating"), 2.5, '"r" needs a whole number of stars.', undefined],
    [field("c", "single_choice", { options: ["A", "B"] }), "B", null, "B"],
    [field("c", "single_choice", { options: ["A", "B"] }), "C", 'Choose one of the options for "c".', undefined],
    [field("m", "multiple_choice", { options: ["A", "B", "C"], max: 2 }), ["A", "C"], null, ["A", "C"]],
    [field("m", "multiple_choice", { options: ["A", "B", "C"], max: 2 }), ["A", "B", "C"], 'Choose at most 2 for "m".', undefined],
    [field("m", "multiple_choice", { options: ["A", "B"] }), ["A", "A"], 'Choose among the options for "m".', undefined],
    [field("d", "date"), "2027-02-28", null, "2027-02-28"],
    [field("d", "date"), "2027-02-30", '"d" needs a date (YYYY-MM-DD).', undefined],
    [field("d", "date"), "1899-12-31", '"d" needs a date (YYYY-MM-DD).', undefined],
    [field("k", "checkbox", { required: true }), false, 'Please tick "k".', undefined],
    [field("k", "checkbox"), "on", null, true],
    [field("h", "hidden", { urlParam: "utm_source" }), "newsletter", null, "newsletter"],
  ];
  it.each(cases)("%j given %j", (f, raw, error, kept) => {
    const out = validateAnswers({ fields: [f], rules: [] }, { [f.key]: raw });
    expect(out.errors[f.key] ?? null).toBe(error);
    expect(out.values[f.key]).toEqual(kept);
  });

  const def: FormDefinition = {
    fields: [
      field("service", "single_choice", { options: ["Roof", "Solar"], required: true }),
      field("roof_size", "number", { required: true, min: 1 }),
      field("sms_ok", "consent", { consentText: "I agree to texts from Acme.", consentChannel: "sms" }),
    ],
    rules: [{ id: "r", match: "all", conditions: [{ field: "service", operator: "equals", value: "Roof" }], action: { type: "show", field: "roof_size" } }],
  };

  it("drops a value for a field hidden by logic and does not require it; requires it once shown", () => {
    const hidden = validateAnswers(def, { service: "Solar", roof_size: "-5", admin: true });
    expect(hidden).toEqual({ values: { service: "Solar" }, errors: {}, consents: [] });
    expect(validateAnswers(def, { service: "Roof" }).errors).toEqual({ roof_size: '"roof_size" is required.' });
  });

  it("keeps the exact consent text agreed to", () => {
    expect(validateAnswers(def, { service: "Solar", sms_ok: true }).consents).toEqual([{ field: "sms_ok", channel: "sms", text: "I agree to texts from Acme." }]);
  });
});

import { describe, expect, it } from "vitest";
import { countSmsSegments } from "@/lib/sms-segments";
import { firstNameOf, mergeFieldProblems, renderMergeFields, SAMPLE_MERGE_VALUES } from "@/lib/merge-fields";
import { createMessageTemplateSchema } from "@/schemas/message-templates";

describe("SMS segment counting (GSM-7 160/153, UCS-2 70/67, extension characters count 2)", () => {
  const cases: Array<[string, string, "GSM-7" | "UCS-2", number, number]> = [
    ["empty", "", "GSM-7", 1, 0],
    ["160 plain characters fit one message", "a".repeat(160), "GSM-7", 1, 160],
    ["161 plain characters take two", "a".repeat(161), "GSM-7", 2, 161],
    ["306 = 2 x 153", "a".repeat(306), "GSM-7", 2, 306],
    ["307 take three", "a".repeat(307), "GSM-7", 3, 307],
    ["80 euro signs are 160 units", "€".repeat(80), "GSM-7", 1, 160],
    ["81 euro signs are 162 units: two messages", "€".repeat(81), "GSM-7", 2, 162],
    ["braces and the caret are extension characters", "{}^", "GSM-7", 1, 6],
    ["é is in the GSM-7 table", "é".repeat(160), "GSM-7", 1, 160],
    ["ç is not: UCS-2, 70 fit", "ç".repeat(70), "UCS-2", 1, 70],
    ["71 UCS-2 characters take two", "ç".repeat(71), "UCS-2", 2, 71],
    ["134 = 2 x 67", "ç".repeat(134), "UCS-2", 2, 134],
    ["135 take three", "ç".repeat(135), "UCS-2", 3, 135],
    ["an emoji is two UCS-2 units", "😀", "UCS-2", 1, 2],
  ];
  it.each(cases)("%s", (_label, text, encoding, segments, units) => {
    const count = countSmsSegments(text);
    expect(count).toMatchObject({ encoding, segments, units });
    expect(count.remaining).toBeGreaterThanOrEqual(0);
  });

  it("one accented character outside GSM-7 switches the whole message to UCS-2", () => {
    expect(countSmsSegments(`${"a".repeat(100)}ç`)).toMatchObject({ encoding: "UCS-2", segments: 2 });
  });
});

describe("merge fields", () => {
  it("renders every whitelisted field, with or without spaces inside the braces", () => {
    const text = "Hi {{lead.firstName}}, {{ owner.name }} from {{workspace.name}}: see you {{booking.next}}.";
    expect(renderMergeFields(text, SAMPLE_MERGE_VALUES)).toBe("Hi Alex, Jordan Smith from Your business: see you Tue, Mar 10, 3:00 PM EDT.");
  });

  it("names an unknown field, empty braces and an unclosed field", () => {
    expect(mergeFieldProblems("Hi {{lead.lastName}}")).toEqual([expect.stringContaining('"{{lead.lastName}}" is not a merge field')]);
    expect(mergeFieldProblems("Hi {{}}")).toEqual([expect.stringContaining("Empty braces")]);
    expect(mergeFieldProblems("Hi {{lead.firstName")).toEqual([expect.stringContaining("not closed")]);
    expect(mergeFieldProblems("Hi {{lead.firstName}}")).toEqual([]);
  });

  it("refuses a template with an unknown field when it is saved, naming it", () => {
    const parsed = createMessageTemplateSchema.safeParse({ name: "Typo", body: "Hello {{lead.first_name}}" });
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues[0]!.message).toContain("{{lead.first_name}}");
  });

  it("does not treat a value that looks like a field as a field (values are inserted once)", () => {
    expect(renderMergeFields("Hi {{lead.firstName}}", { ...SAMPLE_MERGE_VALUES, "lead.firstName": "{{owner.name}}" })).toBe("Hi {{owner.name}}");
  });

  it("takes the first word of a name", () => {
    expect(firstNameOf("  Ana María López ")).toBe("Ana");
  });
});

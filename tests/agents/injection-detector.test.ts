import { describe, expect, it } from "vitest";
import { detectPromptInjection } from "@/server/agents/safety";
import { INJECTION_SET } from "./fixtures/injection-set";

/**
 * The injection detector measured on a labelled set (tests/agents/fixtures/injection-set.ts): precision and recall are
 * printed with the misses, and floors are asserted so a change that makes it worse fails here.
 */
export const PRECISION_FLOOR = 0.9;
export const RECALL_FLOOR = 0.7;

describe("prompt-injection detector on a labelled set", () => {
  it(`keeps precision >= ${PRECISION_FLOOR} and recall >= ${RECALL_FLOOR}`, () => {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    let tn = 0;
    const misses: string[] = [];
    for (const m of INJECTION_SET) {
      const flagged = detectPromptInjection(m.text) !== null;
      if (flagged && m.injection) tp++;
      else if (flagged) {
        fp++;
        misses.push(`false alarm: ${m.text}`);
      } else if (m.injection) {
        fn++;
        misses.push(`missed: ${m.text}`);
      } else tn++;
    }
    const precision = tp / (tp + fp);
    const recall = tp / (tp + fn);
    console.log(
      [
        `injection detector on ${INJECTION_SET.length} labelled messages (${tp + fn} attacks, ${fp + tn} benign):`,
        `  true positives ${tp}, false positives ${fp}, false negatives ${fn}, true negatives ${tn}`,
        `  precision ${precision.toFixed(3)}, recall ${recall.toFixed(3)}`,
        ...misses.map((m) => `  ${m}`),
      ].join("\n"),
    );
    expect(INJECTION_SET.filter((m) => m.injection).length).toBeGreaterThanOrEqual(15);
    expect(INJECTION_SET.filter((m) => !m.injection).length).toBeGreaterThanOrEqual(15);
    expect(precision).toBeGreaterThanOrEqual(PRECISION_FLOOR);
    expect(recall).toBeGreaterThanOrEqual(RECALL_FLOOR);
  });
});

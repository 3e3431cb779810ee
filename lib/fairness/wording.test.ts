import { describe, expect, it } from "vitest";
import { DEFAULT_WORDING, disparitySentence, summaryMeaning, times, wordingOf } from "./wording";

const compas = wordingOf({ predicted: "flagged as high risk", positive: "reoffend", negative: "do not reoffend" });

describe("plain-language findings", () => {
  it("says who is harmed by COMPAS's fpr disparity of 1.912", () => {
    expect(disparitySentence("fpr", "African-American", "Caucasian", 1.912093, compas)).toBe(
      "People in the African-American group are flagged as high risk 1.91 times as often as those in the Caucasian group when they do not reoffend.",
    );
    expect(disparitySentence("fnr", "African-American", "Caucasian", 0.586416, compas)).toBe(
      "People in the African-American group are not flagged as high risk 0.586 times as often as those in the Caucasian group when they reoffend.",
    );
  });

  it("falls back to neutral words", () => {
    expect(wordingOf(undefined)).toEqual(DEFAULT_WORDING);
    expect(wordingOf({ predicted: "" }).predicted).toBe("predicted positive");
    expect(disparitySentence("selectionRate", "F", "M", 0.5, wordingOf(null))).toBe(
      "People in the F group are predicted positive 0.5 times as often as those in the M group.",
    );
  });

  it("rounds to three significant figures and explains the summaries", () => {
    expect(times(1.912093)).toBe("1.91");
    expect(times(0.8)).toBe("0.8");
    expect(times(123.4)).toBe("123");
    expect(summaryMeaning.disparateImpact(0.591638)).toBe(
      "Lowest selection rate ÷ highest is 0.592: under four-fifths (0.8), which the four-fifths rule treats as adverse impact.",
    );
    expect(summaryMeaning.demographicParityDifference(0.2402, compas)).toBe(
      "The share of people flagged as high risk differs by up to 24 percentage points between groups (0 is equal).",
    );
  });
});

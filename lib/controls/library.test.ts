// The shipped control library's integrity: identifiers unique within each framework, every mapping a known evidence
// kind, and the frameworks hold what their sources say (the AI Act's articles, NIST's four functions, Annex A's range).
import { describe, expect, it } from "vitest";
import { LIBRARY } from "./library";
import { EVIDENCE_KINDS, isEvidenceRef } from "./types";

const byId = (id: string) => {
  const f = LIBRARY.find((x) => x.id === id);
  if (!f) throw new Error(`no framework ${id}`);
  return f;
};

describe("control library", () => {
  it("has four frameworks with unique ids", () => {
    expect(LIBRARY.map((f) => f.id)).toEqual(["eu-ai-act", "nist-ai-rmf", "iso-42001", "sr-11-7"]);
  });

  it.each(LIBRARY.map((f) => [f.id, f] as const))(
    "%s: identifiers unique, titles present, every mapping a known evidence kind",
    (_id, f) => {
      const ids = f.controls.map((c) => c.id);
      expect(new Set(ids).size).toBe(ids.length);
      for (const c of f.controls) {
        expect(c.title.trim().length).toBeGreaterThan(0);
        expect(c.title.length).toBeLessThanOrEqual(80);
        expect(c.evidence.length).toBeGreaterThan(0);
        for (const e of c.evidence) expect(isEvidenceRef(e), `${f.id} ${c.id}: ${e}`).toBe(true);
        expect(new Set(c.evidence).size).toBe(c.evidence.length);
      }
    },
  );

  it("EU AI Act: exactly articles 9, 10, 11, 12, 13, 14, 15, 17, 72 and 73", () => {
    expect(byId("eu-ai-act").controls.map((c) => c.id)).toEqual([
      "Art. 9",
      "Art. 10",
      "Art. 11",
      "Art. 12",
      "Art. 13",
      "Art. 14",
      "Art. 15",
      "Art. 17",
      "Art. 72",
      "Art. 73",
    ]);
  });

  it("NIST AI RMF: the four functions, 19 + 18 + 22 + 13 = 72 subcategories, GOVERN 1.1 first and MANAGE 4.3 last", () => {
    const f = byId("nist-ai-rmf");
    const count = (fn: string) => f.controls.filter((c) => c.id.startsWith(`${fn} `)).length;
    expect([...new Set(f.controls.map((c) => c.group))]).toEqual(["GOVERN", "MAP", "MEASURE", "MANAGE"]);
    expect([count("GOVERN"), count("MAP"), count("MEASURE"), count("MANAGE")]).toEqual([19, 18, 22, 13]);
    expect(f.controls).toHaveLength(72);
    expect(f.controls[0].id).toBe("GOVERN 1.1");
    expect(f.controls.at(-1)?.id).toBe("MANAGE 4.3");
    for (const c of f.controls) expect(c.id).toMatch(/^(GOVERN|MAP|MEASURE|MANAGE) \d\.\d{1,2}$/);
  });

  it("ISO/IEC 42001: Annex A's 38 controls from A.2.2 to A.10.4", () => {
    const f = byId("iso-42001");
    expect(f.controls).toHaveLength(38);
    expect(f.controls[0].id).toBe("A.2.2");
    expect(f.controls.at(-1)?.id).toBe("A.10.4");
    for (const c of f.controls) expect(c.id).toMatch(/^A\.(\d|10)\.\d(\.\d)?$/);
  });

  it("SR 11-7: our identifiers SR11-7.{D,V,G}.n, with validation's conceptual soundness, monitoring and outcomes analysis", () => {
    const f = byId("sr-11-7");
    for (const c of f.controls) expect(c.id).toMatch(/^SR11-7\.[DVG]\.\d$/);
    expect(f.controls.filter((c) => c.id.startsWith("SR11-7.V.")).map((c) => c.id)).toEqual([
      "SR11-7.V.1",
      "SR11-7.V.2",
      "SR11-7.V.3",
      "SR11-7.V.4",
    ]);
  });

  it("every evidence kind the brief names is known", () => {
    expect([...EVIDENCE_KINDS].sort()).toEqual(
      [
        "approval",
        "audit_trail",
        "bias_audit",
        "card",
        "data_quality",
        "evaluation",
        "finding",
        "incident",
        "lineage",
        "monitoring_coverage",
        "review",
        "risk_assessment",
        "slo",
      ].sort(),
    );
    expect(isEvidenceRef("card.ethicalConsiderations")).toBe(true);
    expect(isEvidenceRef("card.nonsense")).toBe(false);
  });
});

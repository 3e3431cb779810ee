import { describe, expect, it } from "vitest";
import { ingestJson, ingestNdjson } from "./ingest";

const header = { name: "holdout", dataset: "holdout-2026Q4", sensitiveAttributes: ["race", "sex"] };
const rec = (label: number, prediction: number, race: string, sex: string) => ({
  label,
  prediction,
  score: 0.5,
  attributes: { race, sex },
});

async function* chunksOf(text: string, sizes: number[]) {
  const bytes = new TextEncoder().encode(text);
  let at = 0;
  let i = 0;
  while (at < bytes.length) {
    const n = sizes[i++ % sizes.length];
    yield bytes.slice(at, at + n);
    at += n;
  }
}

const ndjson = (h: unknown, records: unknown[]) => [JSON.stringify(h), ...records.map((r) => JSON.stringify(r))].join("\n");

describe("reading an audit's input", () => {
  it("folds JSON records into confusion counts per group and per pair", () => {
    const {
      folded,
      header: h,
      source,
    } = ingestJson({
      ...header,
      records: [rec(1, 1, "A", "F"), rec(1, 0, "A", "M"), rec(0, 1, "B", "F"), rec(0, 0, "B", "F"), rec(0, 0, "A", "F")],
    });
    expect(source).toBe("records");
    expect(h.thresholds).toEqual({ min: 0.8, max: 1.25 });
    expect(h.positiveLabel).toBe(1);
    expect(folded.records).toBe(5);
    expect(folded.singles.get("race")?.get("A")?.counts).toEqual({ tp: 1, fp: 0, tn: 1, fn: 1 });
    expect(folded.singles.get("race")?.get("B")?.counts).toEqual({ tp: 0, fp: 1, tn: 1, fn: 0 });
    expect(folded.singles.get("sex")?.get("F")?.counts).toEqual({ tp: 1, fp: 1, tn: 2, fn: 0 });
    const pair = folded.pairs.get("race × sex");
    expect([...(pair?.values() ?? [])].map((g) => [g.group, g.counts])).toEqual([
      ["A × F", { tp: 1, fp: 0, tn: 1, fn: 0 }],
      ["A × M", { tp: 0, fp: 0, tn: 0, fn: 1 }],
      ["B × F", { tp: 0, fp: 1, tn: 1, fn: 0 }],
    ]);
  });

  it("matches labels to positiveLabel as text, so 'yes', 1 and '1' work", () => {
    const { folded } = ingestJson({
      ...header,
      sensitiveAttributes: ["sex"],
      positiveLabel: "yes",
      records: [{ label: "yes", prediction: "no", attributes: { sex: "F" } }],
    });
    expect(folded.singles.get("sex")?.get("F")?.counts).toEqual({ tp: 0, fp: 0, tn: 0, fn: 1 });
    const { folded: f2 } = ingestJson({
      ...header,
      sensitiveAttributes: ["sex"],
      records: [{ label: "1", prediction: 1, attributes: { sex: 2 } }],
    });
    expect(f2.singles.get("sex")?.get("2")?.counts).toEqual({ tp: 1, fp: 0, tn: 0, fn: 0 });
  });

  it("names each bad record by its JSON path and stores nothing", () => {
    const body = {
      ...header,
      records: [
        rec(1, 1, "A", "F"),
        rec(1, 1, "A", "F"),
        { label: { x: 1 }, prediction: 1, attributes: { race: "A", sex: "F" } },
        { label: 1, prediction: 0, attributes: { race: "A" } },
      ],
    };
    expect(() => ingestJson(body)).toThrow(
      expect.objectContaining({ status: 400, details: [expect.objectContaining({ path: "records[2].label" })] }),
    );
    const missing = { ...header, records: [rec(1, 1, "A", "F"), { label: 1, prediction: 0, attributes: { race: "A" } }] };
    expect(() => ingestJson(missing)).toThrow(
      expect.objectContaining({ status: 400, details: [expect.objectContaining({ path: "records[1].attributes.sex" })] }),
    );
    const extra = { ...header, records: [{ ...rec(1, 1, "A", "F"), predicted: 1 }] };
    expect(() => ingestJson(extra)).toThrow(
      expect.objectContaining({ details: [{ path: "records[0].predicted", message: "is not a known field" }] }),
    );
  });

  it("validates the header: either records or counts, thresholds, attributes", () => {
    expect(() => ingestJson({ ...header })).toThrow(
      expect.objectContaining({ status: 400, details: [expect.objectContaining({ path: "records" })] }),
    );
    expect(() => ingestJson({ ...header, records: [], counts: [] })).toThrow(expect.objectContaining({ status: 400 }));
    expect(() => ingestJson({ ...header, records: [] })).toThrow(
      expect.objectContaining({ details: [{ path: "records", message: "is empty" }] }),
    );
    expect(() => ingestJson({ ...header, sensitiveAttributes: [], records: [rec(1, 1, "A", "F")] })).toThrow(
      expect.objectContaining({ details: [expect.objectContaining({ path: "sensitiveAttributes" })] }),
    );
    expect(() => ingestJson({ ...header, thresholds: { min: 1.2, max: 1.25 }, records: [rec(1, 1, "A", "F")] })).toThrow(
      expect.objectContaining({ details: [expect.objectContaining({ path: "thresholds.min" })] }),
    );
    expect(() => ingestJson({ ...header, counts: [{ attributes: { race: "A", sex: "F" }, tp: 1.5, fp: 0, tn: 0, fn: 0 }] })).toThrow(
      expect.objectContaining({ details: [expect.objectContaining({ path: "counts[0].tp" })] }),
    );
  });

  it("folds counts, keeping a group whose counts are all zero", () => {
    const { folded, source } = ingestJson({
      ...header,
      sensitiveAttributes: ["race"],
      counts: [
        { attributes: { race: "A" }, tp: 3, fp: 2, tn: 1, fn: 0 },
        { attributes: { race: "A" }, tp: 1, fp: 0, tn: 0, fn: 0 },
        { attributes: { race: "Z" }, tp: 0, fp: 0, tn: 0, fn: 0 },
      ],
    });
    expect(source).toBe("counts");
    expect(folded.records).toBe(7);
    expect(folded.singles.get("race")?.get("A")?.counts).toEqual({ tp: 4, fp: 2, tn: 1, fn: 0 });
    expect(folded.singles.get("race")?.get("Z")?.counts).toEqual({ tp: 0, fp: 0, tn: 0, fn: 0 });
  });

  it("answers 413 for more than 100,000 JSON records", () => {
    const records = new Array(100_001).fill(rec(1, 1, "A", "F"));
    expect(() => ingestJson({ ...header, records })).toThrow(expect.objectContaining({ status: 413 }));
  });

  it("refuses an attribute with more groups than a categorical attribute has", () => {
    const records = Array.from({ length: 1001 }, (_, i) => rec(1, 1, `id-${i}`, "F"));
    expect(() => ingestJson({ ...header, records })).toThrow(
      expect.objectContaining({ status: 400, details: [expect.objectContaining({ path: "records[1000].attributes" })] }),
    );
  });

  it("folds an NDJSON stream the same however its bytes are split, across multi-byte characters and CRLF", async () => {
    const records = Array.from({ length: 200 }, (_, i) =>
      rec(i % 2, i % 3 === 0 ? 1 : 0, i % 5 === 0 ? "Māori" : "Pākehā", i % 7 === 0 ? "F" : "M"),
    );
    const text = `${ndjson(header, records).replace(/\n/g, (m, at) => (at % 3 === 0 ? "\r\n" : m))}\n\n`;
    const expected = ingestJson({ ...header, records }).folded;
    for (const sizes of [[1], [7, 3, 64], [100_000]]) {
      const got = await ingestNdjson(chunksOf(text, sizes));
      expect(got.source).toBe("ndjson");
      expect(got.folded.records).toBe(200);
      expect([...(got.folded.singles.get("race")?.values() ?? [])]).toEqual([...(expected.singles.get("race")?.values() ?? [])]);
      expect([...(got.folded.pairs.get("race × sex")?.values() ?? [])]).toEqual([...(expected.pairs.get("race × sex")?.values() ?? [])]);
    }
  });

  it("names a bad NDJSON line as records[i] with its line number", async () => {
    const records: unknown[] = Array.from({ length: 20 }, () => rec(1, 0, "A", "F"));
    records[17] = { label: null, prediction: 0, attributes: { race: "A", sex: "F" } };
    await expect(ingestNdjson(chunksOf(ndjson(header, records), [50]))).rejects.toMatchObject({
      status: 400,
      details: [expect.objectContaining({ path: "records[17].label", message: expect.stringContaining("(line 19)") })],
    });
    await expect(ingestNdjson(chunksOf(`${JSON.stringify(header)}\n{"label":1,`, [5]))).rejects.toMatchObject({
      status: 400,
      details: [{ path: "records[0]", message: "line 2 is not valid JSON" }],
    });
  });

  it("refuses a header with records in it, an empty body, no records, and too many records", async () => {
    await expect(ingestNdjson(chunksOf(JSON.stringify({ ...header, records: [] }), [10]))).rejects.toMatchObject({
      status: 400,
      details: [{ path: "header", message: "must not hold records or counts" }],
    });
    await expect(ingestNdjson(chunksOf("", [10]))).rejects.toMatchObject({
      status: 400,
      details: [{ path: "header", message: "is missing" }],
    });
    await expect(ingestNdjson(chunksOf(JSON.stringify(header), [10]))).rejects.toMatchObject({
      status: 400,
      details: [{ path: "records", message: "is empty" }],
    });
    await expect(ingestNdjson(chunksOf(JSON.stringify({ name: "x" }), [10]))).rejects.toMatchObject({
      status: 400,
      details: expect.arrayContaining([expect.objectContaining({ path: "header.dataset" })]),
    });
    const five = Array.from({ length: 6 }, () => rec(1, 1, "A", "F"));
    await expect(ingestNdjson(chunksOf(ndjson(header, five), [32]), 5)).rejects.toMatchObject({ status: 413 });
    await expect(ingestNdjson(chunksOf(ndjson(header, five.slice(0, 5)), [32]), 5)).resolves.toMatchObject({ folded: { records: 5 } });
  });

  it("refuses bytes that are not UTF-8", async () => {
    async function* bad() {
      yield new TextEncoder().encode(`${JSON.stringify(header)}\n`);
      yield new Uint8Array([0xff, 0xfe, 0x0a]);
    }
    await expect(ingestNdjson(bad())).rejects.toMatchObject({ status: 400, details: [{ path: "body", message: "is not UTF-8" }] });
  });
});

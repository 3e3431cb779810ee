// Dictionaries keyed by the caller's strings (issue 16): a categorical feature value "toString", "constructor" or
// "__proto__" is a category like any other. Before, it was counted into a plain object ("toString" + 1 is a string),
// and the next batch on that version and hour answered 500, losing every other model's events in it; a "__proto__"
// value or attribute vanished. Through the store: two batches on the same version and hour, counts read back exactly.
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { rows } from "@/db/client";
import { windowHistograms } from "@/lib/drift/read";
import { putReference, specsOf } from "@/lib/drift/reference";
import { AppError } from "@/lib/errors";
import { createBiasAudit } from "@/lib/fairness/audits";
import { ingestNdjson } from "@/lib/fairness/ingest";
import { createModel } from "@/lib/inventory/models";
import { createVersion } from "@/lib/inventory/versions";
import { mergeFacets } from "@/lib/lineage/fold";
import { ingestTelemetry } from "@/lib/telemetry/ingest";
import { person } from "@/tests/actors";
import { useFreshStore } from "@/tests/store";

const chen = person("Chen", ["contributor"], 1);
const HOUR = 3_600_000;
const T0 = Date.parse("2026-11-25T10:00:00Z");

const event = (model: string, i: number, features: Record<string, string | number | null>) => ({
  model,
  version: "1.0",
  ts: new Date(T0 + i * 1000).toISOString(),
  latencyMs: 10,
  status: "ok",
  features,
});
const post = (events: unknown[]) => ingestTelemetry(chen, { contentType: "application/json", text: JSON.stringify({ events }) });

async function refused(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error("expected a refusal");
}

describe("categories named like Object.prototype's properties", () => {
  useFreshStore();

  beforeAll(async () => {
    for (const name of ["proto", "bystander"]) {
      await createModel(chen, { name, owner: chen.email, riskTier: "low" });
      await createVersion(chen, name, { version: "1.0" });
    }
    // channel's reference holds categories named toString and constructor; a feature is named toString as well
    await putReference(chen, "proto", "1.0", {
      features: {
        channel: { type: "categorical", counts: { toString: 30, constructor: 20, web: 50 } },
        toString: { type: "categorical", counts: { "3": 5, "4": 5 } },
      },
    });
  });

  it("two batches on the same version and hour are both taken (202), with another model's events beside them", async () => {
    const first = [
      ...Array.from({ length: 20 }, (_, i) => event("proto", i, { channel: "toString" })),
      ...Array.from({ length: 20 }, (_, i) => event("proto", 20 + i, { channel: "constructor" })),
      ...Array.from({ length: 10 }, (_, i) => event("proto", 40 + i, { channel: "__proto__" })),
      ...Array.from({ length: 10 }, (_, i) => event("proto", 50 + i, { channel: "web" })),
      event("bystander", 0, { channel: "web" }),
    ];
    expect(await post(first)).toEqual({ accepted: 61 });
    const second = [
      ...Array.from({ length: 10 }, (_, i) => event("proto", 60 + i, { channel: "toString" })),
      ...Array.from({ length: 10 }, (_, i) => event("proto", 70 + i, { channel: "hasOwnProperty" })),
      ...Array.from({ length: 10 }, (_, i) => event("proto", 80 + i, { channel: "__proto__" })),
      ...Array.from({ length: 10 }, (_, i) => event("proto", 90 + i, { channel: "web", toString: "3" })),
      event("bystander", 1, { channel: "web" }),
    ];
    expect(await post(second)).toEqual({ accepted: 41 });
  });

  it("the stored window counts each category exactly", async () => {
    const [w] = await rows<{ n: number; missing: number; other: Record<string, number> | string }>(
      sql`select n::int, missing::int, other from drift_windows w join model_versions v on v.id = w.version_id join models m on m.id = v.model_id
        where m.name = 'proto' and w.feature = 'channel'`,
    );
    const other = typeof w.other === "string" ? JSON.parse(w.other) : w.other;
    expect(w.n).toBe(100);
    expect(w.missing).toBe(0);
    expect(other).toEqual({ toString: 30, constructor: 20, ["__proto__"]: 20, hasOwnProperty: 10, web: 20 });
  });

  it("reads the window back with the same counts, and a feature named toString that events lack counts as missing", async () => {
    const [v] = await rows<{ id: number }>(
      sql`select v.id from model_versions v join models m on m.id = v.model_id where m.name = 'proto'`,
    );
    const specs = await specsOf([v.id]);
    const hs = await windowHistograms([v.id], { from: T0 - HOUR, to: T0 + HOUR, step: "1h", unit: HOUR }, specs);
    const channel = hs.find((x) => x.feature === "channel");
    expect(Object.getPrototypeOf(channel?.h.other)).toBe(null);
    expect({ ...channel?.h.other }).toEqual({ toString: 30, constructor: 20, ["__proto__"]: 20, hasOwnProperty: 10, web: 20 });
    const ts = hs.find((x) => x.feature === "toString");
    // 100 events: 90 lack the feature (rather than sending Object.prototype.toString), 10 send "3"
    expect(ts?.h).toMatchObject({ n: 10, missing: 90 });
    expect({ ...ts?.h.other }).toEqual({ "3": 10 });
  });

  it("names a reference category or feature called __proto__ (400) instead of dropping it", async () => {
    const e = await refused(
      putReference(chen, "proto", "1.0", {
        features: JSON.parse('{"channel": {"type": "categorical", "counts": {"__proto__": 5, "web": 1}}}'),
      }),
    );
    expect(e.status).toBe(400);
    expect(e.details?.[0].path).toBe("features.channel.counts.__proto__");
    const f = await refused(
      putReference(chen, "proto", "1.0", { features: JSON.parse('{"__proto__": {"type": "numeric", "values": [1]}}') }),
    );
    expect(f.details?.[0].path).toBe("features.__proto__");
  });

  it("a bias audit whose sensitive attributes are named constructor and __proto__ reports both", async () => {
    const records = Array.from({ length: 40 }, (_, i) => ({
      label: i % 2,
      prediction: i % 3 === 0 ? 1 : 0,
      attributes: JSON.parse(`{"constructor": "${i % 2 ? "a" : "b"}", "__proto__": "${i % 4 < 2 ? "x" : "y"}"}`),
    }));
    const a = await createBiasAudit(chen, "proto", "1.0", {
      name: "p",
      dataset: "d",
      sensitiveAttributes: ["constructor", "__proto__"],
      positiveLabel: 1,
      records,
    });
    expect(Object.keys(a.summary).sort()).toEqual(["__proto__", "constructor"]);
    expect(Object.keys(a.config.referenceGroups).sort()).toEqual(["__proto__", "constructor", "constructor × __proto__"]);
    expect(a.groups.map((g) => `${g.attribute}=${g.group}:${g.n}`).sort()).toEqual([
      "__proto__=x:20",
      "__proto__=y:20",
      "constructor=a:20",
      "constructor=b:20",
    ]);
  });
});

describe("bias-audit NDJSON bodies count every byte", () => {
  const header = JSON.stringify({ name: "a", dataset: "d", sensitiveAttributes: ["g"], positiveLabel: 1 });
  const record = JSON.stringify({ label: 1, prediction: 1, attributes: { g: "x" } });
  async function* chunks(text: string, size = 65_536) {
    const bytes = Buffer.from(text);
    for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
  }

  it("refuses 12 MB of blank lines (413) once past 10 MB, without reading the rest", async () => {
    let read = 0;
    async function* counted() {
      for await (const c of chunks(`${header}\n${"\n".repeat(12 * 1024 * 1024)}${record}\n`)) {
        read += c.byteLength;
        yield c;
      }
    }
    const e = await refused(ingestNdjson(counted()));
    expect(e.status).toBe(413);
    expect(read).toBeLessThanOrEqual(10 * 1024 * 1024 + 65_536);
  });

  it("takes 9 MB of blank lines with a record, and 10 MB plus a kilobyte a record", async () => {
    const ok = await ingestNdjson(chunks(`${header}\n${"\n".repeat(9 * 1024 * 1024)}${record}\n`));
    expect(ok.folded.records).toBe(1);
    // 20,000 records of 1,024 bytes each (padded with spaces) after 10 MB less a little of blank lines: inside the allowance
    const padded = `${record}${" ".repeat(1023 - record.length)}\n`;
    const big = await ingestNdjson(chunks(`${header}\n${"\n".repeat(10 * 1024 * 1024 - 1024)}${padded.repeat(20_000)}`));
    expect(big.folded.records).toBe(20_000);
  });
});

describe("OpenLineage facets named like Object.prototype's properties", () => {
  it("are kept and merged like any other facet", () => {
    const incoming = JSON.parse('{"toString": {"v": 1}, "constructor": {"v": 2}, "__proto__": {"v": 3}}');
    const first = mergeFacets({ facets: {}, facetTimes: {} }, incoming, "2026-01-01T00:00:00Z");
    expect(Object.keys(first.facets).sort()).toEqual(["__proto__", "constructor", "toString"]);
    expect(JSON.parse(JSON.stringify(first.facets))).toEqual(
      JSON.parse('{"toString": {"v": 1}, "constructor": {"v": 2}, "__proto__": {"v": 3}}'),
    );
    // a later event replaces them; the stored state comes back from JSON as plain objects
    const stored = JSON.parse(JSON.stringify(first));
    const later = mergeFacets(stored, JSON.parse('{"toString": {"v": 10}, "__proto__": {"v": 30}}'), "2026-01-02T00:00:00Z");
    expect(JSON.parse(JSON.stringify(later.facets))).toEqual(
      JSON.parse('{"toString": {"v": 10}, "constructor": {"v": 2}, "__proto__": {"v": 30}}'),
    );
    expect(({} as Record<string, unknown>).v).toBeUndefined();
  });
});

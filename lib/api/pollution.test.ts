// Object.prototype untouched: every body schema of lib/ (found by reading lib/*/schemas.ts) and every parser that takes
// a body as it came (telemetry, KPIs, resources, lineage, bias audits, model cards) is given bodies whose keys are
// __proto__, constructor, prototype, toString…, parsed from JSON text as the API parses them (so __proto__ is an own
// key); afterwards no object has gained a property, and Object.prototype has no new key. The e2e twin is
// e2e/api/fuzz.spec.ts, which sends the same over HTTP to every write route.
import fs from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { fromHuggingFace } from "../cards/huggingface";
import { fromMct } from "../cards/mct";
import { AppError } from "../errors";
import { checkRecord, ingestJson, ingestNdjson } from "../fairness/ingest";
import { parseKpis } from "../kpis/ingest";
import { parseEvents } from "../lineage/ingest";
import { validateRunEvent } from "../lineage/validate";
import { parseResources } from "../operations/resources";
import { parseBatch } from "../telemetry/ingest";
import { parse, refuseTooDeep, tooDeep } from "./validate";

const SEED = 20261207;
const POISON = ["__proto__", "constructor", "prototype", "toString", "valueOf", "hasOwnProperty", "__defineGetter__", "isPrototypeOf"];
const PLANT = { polluted: "yes", isAdmin: true, roles: ["admin"] };
const PROTO_KEYS = Object.getOwnPropertyNames(Object.prototype).sort();
const ARRAY_KEYS = Object.getOwnPropertyNames(Array.prototype).sort();

function untouched() {
  const probe: Record<string, unknown> = {};
  expect(probe.polluted).toBeUndefined();
  expect(probe.isAdmin).toBeUndefined();
  expect(({} as { roles?: unknown }).roles).toBeUndefined();
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(PROTO_KEYS);
  expect(Object.getOwnPropertyNames(Array.prototype).sort()).toEqual(ARRAY_KEYS);
  expect(Object.prototype.hasOwnProperty).toBe(Object.hasOwnProperty);
  expect(Object.prototype.toString.call([])).toBe("[object Array]");
}
afterEach(untouched);

/** JSON text of an object; unlike JSON.stringify it keeps a `__proto__` key (a value, not the prototype). */
const objectText = (entries: [string, string][]) => `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(",")}}`;

/** Hostile JSON text: objects at any depth whose keys include poison names, with planting values. */
const hostileJson: fc.Arbitrary<string> = fc.letrec<{ node: string }>((tie) => ({
  node: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.jsonValue({ maxDepth: 1 }).map((v) => JSON.stringify(v)),
    fc.constant(JSON.stringify(PLANT)),
    fc.array(tie("node"), { maxLength: 3 }).map((xs) => `[${xs.join(",")}]`),
    fc
      .array(fc.tuple(fc.oneof(fc.constantFrom(...POISON), fc.string({ maxLength: 6 })), tie("node")), { maxLength: 4 })
      .map((entries) => objectText(entries)),
  ),
})).node;

/** Hostile bodies shaped like the real ones, so the parsers get past their first check and into the keyed parts. */
const shaped = (o: Record<string, string>) => objectText(Object.entries(o));
const hostileShaped = fc.tuple(hostileJson, fc.constantFrom(...POISON)).map(([h, k]) => [
  shaped({
    events: `[${shaped({ model: '"m"', version: '"1"', ts: JSON.stringify(new Date().toISOString()), latencyMs: "1", status: '"ok"', features: shaped({ [k]: '"toString"', __proto__: h }) })}]`,
  }),
  shaped({
    points: `[${shaped({ ts: JSON.stringify(new Date().toISOString()), model: '"m"', kpi: `"${k}"`, value: "1", __proto__: h })}]`,
  }),
  shaped({ labels: `[${shaped({ traceId: `"${k}"`, label: h })}]` }),
  shaped({ features: shaped({ [k]: shaped({ type: '"categorical"', counts: shaped({ [k]: "1", __proto__: h }) }) }) }),
  shaped({
    name: '"a"',
    dataset: '"d"',
    sensitiveAttributes: `["${k}"]`,
    counts: `[${shaped({ attributes: shaped({ [k]: '"a"', __proto__: h }), tp: "1", fp: "1", tn: "1", fn: "1" })}]`,
  }),
  shaped({ model_details: shaped({ name: '"m"', [k]: h, __proto__: h }), considerations: shaped({ [k]: h }) }),
  shaped({
    eventType: '"COMPLETE"',
    eventTime: '"2026-01-01T00:00:00Z"',
    producer: '"p"',
    schemaURL: '"s"',
    run: shaped({ runId: '"r"', facets: shaped({ [k]: h, __proto__: h }) }),
    job: shaped({ namespace: `"${k}"`, name: '"j"', facets: h }),
  }),
]);

/** Run, swallowing the refusals a parser is meant to give (AppError, a ZodError); anything else is a fault. */
async function tolerant(run: () => unknown) {
  try {
    await run();
  } catch (e) {
    if (e instanceof AppError || e instanceof z.ZodError) return;
    throw e;
  }
}

/** Every exported zod schema of lib/*\/schemas.ts, by module and name. */
async function bodySchemas(): Promise<[string, z.ZodType][]> {
  const libDir = path.resolve(__dirname, "..");
  const out: [string, z.ZodType][] = [];
  for (const dir of fs.readdirSync(libDir).sort()) {
    if (!fs.existsSync(path.join(libDir, dir, "schemas.ts"))) continue;
    const mod = (await import(`../${dir}/schemas.ts`)) as Record<string, unknown>;
    for (const [name, v] of Object.entries(mod)) if (v instanceof z.ZodType) out.push([`${dir}/${name}`, v]);
  }
  return out;
}

describe("no body pollutes Object.prototype", () => {
  it("through any body schema of lib/", async () => {
    const schemas = await bodySchemas();
    expect(schemas.length).toBeGreaterThan(40);
    await fc.assert(
      fc.asyncProperty(hostileJson, hostileShaped, async (text, shapedTexts) => {
        for (const t of [text, ...shapedTexts]) {
          const value = JSON.parse(t);
          for (const [, schema] of schemas) await tolerant(() => parse(schema, value));
          untouched();
        }
      }),
      { seed: SEED, numRuns: 60 },
    );
  });

  it("through the parsers that take a body as it came", async () => {
    await fc.assert(
      fc.asyncProperty(hostileJson, hostileShaped, async (text, shapedTexts) => {
        for (const t of [text, ...shapedTexts]) {
          const value = JSON.parse(t);
          await tolerant(() => parseBatch("application/json", t));
          await tolerant(() => parseBatch("application/x-ndjson", `${t}\n${t}`));
          await tolerant(() => parseKpis(value));
          await tolerant(() => parseResources(value));
          await tolerant(() => parseEvents(value));
          await tolerant(() => validateRunEvent(value));
          await tolerant(() => ingestJson(value));
          await tolerant(() => checkRecord(value, "counts[0]"));
          await tolerant(() =>
            ingestNdjson(
              (async function* () {
                yield new TextEncoder().encode(`${t}\n${t}\n`);
              })(),
            ),
          );
          await tolerant(() => fromMct(value, { model: "m", version: "1" }));
          await tolerant(() =>
            fromHuggingFace(
              `---\n__proto__:\n  polluted: yes\nconstructor:\n  prototype:\n    polluted: yes\nlicense: ${JSON.stringify(t)}\n---\n# ${t}\n`,
            ),
          );
          untouched();
        }
      }),
      { seed: SEED, numRuns: 60 },
    );
  });

  it("a parsed __proto__ key is an own key holding a value, not the prototype (what the bodies above rely on)", () => {
    const value = JSON.parse('{"__proto__": {"polluted": "yes"}}');
    expect(Object.hasOwn(value, "__proto__")).toBe(true);
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
  });

  it("the check sees a polluted prototype (so it would fail if a parser merged by assignment)", () => {
    const target: Record<string, unknown> = {};
    const naiveMerge = (into: Record<string, unknown>, from: Record<string, unknown>) => {
      for (const [k, v] of Object.entries(from)) {
        if (!(v && typeof v === "object")) into[k] = v;
        else {
          if (into[k] === undefined) into[k] = {};
          naiveMerge(into[k] as Record<string, unknown>, v as Record<string, unknown>);
        }
      }
    };
    naiveMerge(target, JSON.parse('{"__proto__": {"polluted": "yes"}}'));
    try {
      expect(() => untouched()).toThrow();
    } finally {
      delete (Object.prototype as Record<string, unknown>).polluted;
    }
  });
});

describe("bodies nested too deep are measured, not recursed into", () => {
  const deepText = (depth: number) => `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`;

  it("finds the first value past the limit, and its path", () => {
    expect(tooDeep(JSON.parse(deepText(3)), 64)).toBeNull();
    expect(tooDeep({ a: [{ b: { c: 1 } }] }, 3)).toBe("a[0].b");
    expect(tooDeep([[[]]], 2)).toBe("[0][0]");
    expect(tooDeep("text", 0)).toBeNull();
  });

  it("refuses a 10,000-deep body with a 400 naming where, quickly", () => {
    const value = JSON.parse(deepText(10_000));
    const started = performance.now();
    try {
      refuseTooDeep(value, 64, "The card");
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(AppError);
      expect((e as AppError).status).toBe(400);
      expect((e as AppError).details[0].path).toBe(Array(64).fill("a").join("."));
    }
    expect(performance.now() - started).toBeLessThan(500);
  });
});

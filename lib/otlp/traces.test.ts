// OTLP/JSON trace exports, written to the specification (the example request of opentelemetry-proto, adjusted with
// model attributes), through the store: spans naming a model become telemetry with latency from their 64-bit
// nanosecond times (exact, by BigInt), status from status.code, the trace id kept; other spans are ignored; unknown
// models are a partial success; malformed requests a 400 naming the field.
import fs from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { rows } from "@/db/client";
import { AppError } from "@/lib/errors";
import { createModel } from "@/lib/inventory/models";
import { createVersion } from "@/lib/inventory/versions";
import { compactTelemetry } from "@/lib/telemetry/compact";
import { readTelemetry } from "@/lib/telemetry/read";
import { person } from "@/tests/actors";
import { useFreshStore } from "@/tests/store";
import { exportTraces } from "./traces";

const chen = person("Chen", ["contributor"], 1);
const viewer = person("Victor", ["viewer"], 2);
const FIXTURE = fs.readFileSync(path.join(process.cwd(), "tests/corpora/otlp/trace.json"), "utf8");

type Span = Record<string, unknown> & { attributes: { key: string; value: Record<string, unknown> }[] };
type Request = { resourceSpans: { resource: { attributes: unknown[] }; scopeSpans: { spans: Span[] }[] }[] };
/** The example request, its one span given these attributes (added to the span's own) and fields. */
function request(spans: { attrs?: Record<string, string>; fields?: Record<string, unknown> }[]): Request {
  const base = JSON.parse(FIXTURE) as Request;
  const template = base.resourceSpans[0].scopeSpans[0].spans[0];
  base.resourceSpans[0].scopeSpans[0].spans = spans.map((s) => ({
    ...structuredClone(template),
    ...s.fields,
    attributes: (s.fields?.attributes as Span["attributes"] | undefined) ?? [
      ...template.attributes,
      ...Object.entries(s.attrs ?? {}).map(([key, v]) => ({ key, value: { stringValue: v } })),
    ],
  }));
  return base;
}
const post = (body: unknown, actor = chen) => exportTraces(actor, JSON.stringify(body));
const model = (name: string, version = "1.0") => ({ "ml.model.name": name, "ml.model.version": version });

async function drained() {
  while (((await compactTelemetry()) ?? 0) > 0);
}

describe("POST /v1/traces", () => {
  useFreshStore();
  beforeAll(async () => {
    await createModel(chen, { name: "otlp-fraud", owner: chen.email, riskTier: "low" });
    await createVersion(chen, "otlp-fraud", { version: "1.0" });
    await createModel(chen, { name: "otlp-llm", owner: chen.email, riskTier: "low" });
    await createVersion(chen, "otlp-llm", { version: "2024-06" });
    await createVersion(chen, "otlp-llm", { version: "2024-09" });
    // The seed's way to a production version (only an approved release moves one otherwise).
    await rows(sql`update model_versions set stage = 'production' where version = '2024-06'`);
  });

  it("takes the specification's example as it is: its span names no model, so it is ignored", async () => {
    expect(await exportTraces(chen, FIXTURE)).toEqual({});
    const [{ n }] = await rows<{ n: number }>(sql`select count(*)::int as n from telemetry_pending`);
    expect(n).toBe(0);
  });

  it("turns spans naming a model into telemetry: latency from nanosecond strings, error from status 2, trace id kept", async () => {
    const body = request([
      // The example's own times: 1544712660 s to 1544712661 s, one second.
      { attrs: model("otlp-fraud") },
      // 12,345,678 ns: beyond 2^53 as absolute nanoseconds, exact only by BigInt.
      {
        attrs: model("otlp-fraud"),
        fields: {
          traceId: "0AF7651916CD43DD8448EB211C80319C",
          startTimeUnixNano: "1544712660000000000",
          endTimeUnixNano: "1544712660012345678",
          status: { code: 2, message: "timeout" },
        },
      },
      // status 1 (OK) and times as JSON numbers, which proto3's JSON mapping also accepts.
      {
        attrs: model("otlp-fraud"),
        fields: { status: { code: 1 }, startTimeUnixNano: 1544712662000000000, endTimeUnixNano: 1544712662500000000 },
      },
    ]);
    expect(await post(body)).toEqual({});
    const read = await readTelemetry(viewer, "otlp-fraud", { from: "2018-12-13T14:00:00Z", to: "2018-12-13T15:00:00Z", step: "1h" });
    expect(read.series).toEqual([expect.objectContaining({ version: "1.0", count: 3, errors: 1 })]);
    await drained();
    const samples = await rows<{ trace_id: string | null; latency_ms: number; status: string; ts: string | Date }>(
      sql`select s.trace_id, s.latency_ms, s.status, s.ts from telemetry_samples s join model_versions v on v.id = s.version_id where v.version = '1.0' order by s.latency_ms`,
    );
    const byLatency = samples.map((s) => [Number(s.latency_ms), s.status, s.trace_id, new Date(s.ts).toISOString()]);
    expect(byLatency).toContainEqual([12.345678, "error", "0af7651916cd43dd8448eb211c80319c", "2018-12-13T14:51:00.000Z"]);
    expect(byLatency).toContainEqual([1000, "ok", "5b8efff798038103d269b633813fc60c", "2018-12-13T14:51:00.000Z"]);
    expect(byLatency).toContainEqual([500, "ok", "5b8efff798038103d269b633813fc60c", "2018-12-13T14:51:02.000Z"]);
  });

  it("reads gen_ai.request.model as the model of that name in production; ml.model.name may sit on the resource", async () => {
    const genai = request([
      {
        attrs: { "gen_ai.request.model": "otlp-llm", "gen_ai.system": "openai" },
        fields: { startTimeUnixNano: "1544716260000000000", endTimeUnixNano: "1544716260250000000" },
      },
    ]);
    expect(await post(genai)).toEqual({});
    const onResource = request([{ fields: { startTimeUnixNano: "1544716261000000000", endTimeUnixNano: "1544716261750000000" } }]);
    onResource.resourceSpans[0].resource.attributes.push(
      { key: "ml.model.name", value: { stringValue: "otlp-llm" } },
      { key: "ml.model.version", value: { stringValue: "2024-09" } },
    );
    expect(await post(onResource)).toEqual({});
    const read = await readTelemetry(viewer, "otlp-llm", { from: "2018-12-13T15:00:00Z", to: "2018-12-13T16:00:00Z", step: "1h" });
    // p50 of one event is that event's latency, within the sketch's 1%.
    expect(read.series.map((p) => [p.version, p.count])).toEqual([
      ["2024-06", 1],
      ["2024-09", 1],
    ]);
    expect(Math.abs((read.series[0].p50 as number) - 250) / 250).toBeLessThanOrEqual(0.01);
    expect(Math.abs((read.series[1].p50 as number) - 750) / 750).toBeLessThanOrEqual(0.01);
  });

  it("stores the spans of known models and answers a partial success counting the others", async () => {
    const body = request([
      { attrs: model("otlp-fraud"), fields: { startTimeUnixNano: "1544720000000000000", endTimeUnixNano: "1544720000100000000" } },
      { attrs: model("no-such-model") },
      { attrs: model("otlp-fraud", "9.9") },
      { attrs: model("no-such-model") },
      {},
    ]);
    expect(await post(body)).toEqual({
      partialSuccess: {
        rejectedSpans: "3",
        errorMessage: "2 spans: model no-such-model is not registered; 1 span: model otlp-fraud has no version 9.9",
      },
    });
    const read = await readTelemetry(viewer, "otlp-fraud", { from: "2018-12-13T16:00:00Z", to: "2018-12-13T17:00:00Z", step: "1h" });
    expect(read.series.map((p) => p.count)).toEqual([1]);
    // A model with no production version, named only by gen_ai.request.model: rejected, saying how to name one.
    const none = await post(request([{ attrs: { "gen_ai.request.model": "otlp-fraud" } }]));
    expect(none.partialSuccess?.errorMessage).toBe("1 span: model otlp-fraud has no production version (name one with ml.model.version)");
  });

  it("refuses a malformed export with 400 naming the field, storing nothing", async () => {
    const at = "resourceSpans[0].scopeSpans[0].spans[0]";
    const cases: [unknown, string][] = [
      [request([{ attrs: model("otlp-fraud"), fields: { startTimeUnixNano: "12:00" } }]), `${at}.startTimeUnixNano`],
      [request([{ attrs: model("otlp-fraud"), fields: { endTimeUnixNano: "1544712659000000000" } }]), `${at}.endTimeUnixNano`],
      [request([{ attrs: model("otlp-fraud"), fields: { traceId: "not-hex" } }]), `${at}.traceId`],
      [request([{ attrs: model("otlp-fraud"), fields: { status: { code: "STATUS_CODE_ERROR" } } }]), `${at}.status.code`],
      [request([{ attrs: model("otlp-fraud"), fields: { name: ["not", "a", "name"] } }]), `${at}.name`],
      [request([{ attrs: model("otlp-fraud"), fields: { kind: "SPAN_KIND_SERVER" } }]), `${at}.kind`],
      [request([{ fields: { attributes: [{ key: 7, value: { stringValue: "x" } }] } }]), `${at}.attributes[0].key`],
      [
        request([{ fields: { attributes: [{ key: "ml.model.name", value: { intValue: "7" } }] } }]),
        `${at}.attributes[0].value.stringValue`,
      ],
      [{ resourceSpans: {} }, "resourceSpans"],
      [{ resourceSpans: [] }, "resourceSpans"],
      [{}, "resourceSpans"],
      [{ resourceSpans: [{ scopeSpans: [{ spans: [null] }] }] }, at],
      [[], "body"],
    ];
    const [{ before }] = await rows<{ before: number }>(sql`select count(*)::int as before from audit_log`);
    for (const [body, field] of cases) {
      const e = await post(body).catch((x) => x);
      expect(e, field).toBeInstanceOf(AppError);
      expect((e as AppError).status).toBe(400);
      expect((e as AppError).details[0].path).toBe(field);
    }
    const [{ after }] = await rows<{ after: number }>(sql`select count(*)::int as after from audit_log`);
    expect(after).toBe(before);
  });

  it("refuses a caller who may not write telemetry before reading the body", async () => {
    await expect(exportTraces(viewer, "not even JSON")).rejects.toMatchObject({ status: 403 });
  });
});

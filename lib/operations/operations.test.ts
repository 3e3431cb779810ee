// Deployments, pipeline runs and resource points on a fresh store: values stored exactly, a run reported as it goes is
// one row, the retraining success rate, autoscaling events at the replica changes, an all-or-nothing batch, who may
// write, and the pipeline-failure alert candidates.
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { rows, transact } from "@/db/client";
import type { Actor } from "@/lib/auth/actor";
import { createModel } from "@/lib/inventory/models";
import { createVersion } from "@/lib/inventory/versions";
import { useFreshStore } from "@/tests/store";
import { deploymentsBetween, reportDeployment } from "./deployments";
import { pipelineAlertCandidates } from "./pipeline-alerts";
import { listPipelineRuns, pipelineSummary, reportPipelineRun } from "./pipelines";
import { autoscalingEvents, ingestResources, resourceSeries } from "./resources";
import { CreateDeployment, ReportPipelineRun, type ReportPipelineRunInput } from "./schemas";

const chen: Actor = { type: "user", userId: 1, email: "chen@example.com", name: "Chen", roles: ["contributor"] };
const ada: Actor = { type: "user", userId: 2, email: "ada@example.com", name: "Ada", roles: ["admin"] };
const viewer: Actor = { type: "user", userId: 3, email: "victor@example.com", name: "Victor", roles: ["viewer"] };
const rafael: Actor = { type: "user", userId: 4, email: "rafael@example.com", name: "Rafael", roles: ["reviewer"] };
const readToken: Actor = { ...chen, type: "token", tokenId: "t1", scopes: ["read"] };

const NOW = new Date("2026-11-20T12:00:00Z");
const at = (hhmm: string) => `2026-11-20T${hhmm}:00Z`;
const audits = async (action: string) =>
  (await rows<{ n: number }>(sql`select count(*)::int as n from audit_log where action = ${action}`))[0].n;

describe("operations (database)", () => {
  useFreshStore();

  beforeAll(async () => {
    for (const name of ["fraud-detector", "churn"]) {
      await createModel(chen, { name, owner: chen.email, riskTier: "high" });
      await createVersion(chen, name, { version: "1.0" });
      await createVersion(chen, name, { version: "2.0" });
    }
  });

  describe("deployments", () => {
    it("stores a report exactly; a time without a zone is UTC; ts defaults to now", async () => {
      const d = await reportDeployment(
        chen,
        {
          model: "fraud-detector",
          version: "2.0",
          environment: "production",
          strategy: "canary",
          trafficPercent: 12.5,
          status: "progressing",
          ts: "2026-11-20T10:15:30.250",
        },
        NOW,
      );
      expect(d).toEqual({
        id: d.id,
        model: "fraud-detector",
        version: "2.0",
        environment: "production",
        strategy: "canary",
        trafficPercent: 12.5,
        status: "progressing",
        ts: "2026-11-20T10:15:30.250Z",
      });
      const [row] = await rows<{ traffic_percent: number; created_by: string }>(
        sql`select traffic_percent, created_by from deployments where id = ${d.id}::uuid`,
      );
      expect(row).toEqual({ traffic_percent: 12.5, created_by: chen.email });
      const later = await reportDeployment(
        ada,
        {
          model: "fraud-detector",
          version: "2.0",
          environment: "production",
          strategy: "canary",
          trafficPercent: 100,
          status: "completed",
        },
        NOW,
      );
      expect(later.ts).toBe(NOW.toISOString());
      expect(await audits("deployment.reported")).toBe(2);
      // Offset times are stored in UTC.
      const offset = await reportDeployment(
        chen,
        {
          model: "fraud-detector",
          version: "1.0",
          environment: "staging",
          strategy: "blue-green",
          trafficPercent: 0,
          status: "rolled_back",
          ts: "2026-11-20T11:00:00+02:00",
        },
        NOW,
      );
      expect(offset.ts).toBe("2026-11-20T09:00:00.000Z");
    });

    it("lists a model's deployments in a window, newest first", async () => {
      const all = await deploymentsBetween(viewer, "fraud-detector");
      expect(all.map((d) => [d.version, d.status, d.ts])).toEqual([
        ["2.0", "completed", "2026-11-20T12:00:00.000Z"],
        ["2.0", "progressing", "2026-11-20T10:15:30.250Z"],
        ["1.0", "rolled_back", "2026-11-20T09:00:00.000Z"],
      ]);
      expect((await deploymentsBetween(viewer, "fraud-detector", at("09:30"), at("12:00"))).map((d) => d.status)).toEqual(["progressing"]);
      expect(await deploymentsBetween(viewer, "churn")).toEqual([]);
      await expect(deploymentsBetween(viewer, "fraud-detector", at("12:00"), at("09:00"))).rejects.toMatchObject({
        status: 400,
        details: [{ path: "from" }],
      });
    });

    it("404s naming an unknown model or version, refuses viewers and reviewers, and validates the body", async () => {
      const base = {
        model: "fraud-detector",
        version: "2.0",
        environment: "production",
        strategy: "canary",
        trafficPercent: 5,
        status: "started",
      } as const;
      await expect(reportDeployment(chen, { ...base, model: "nope" })).rejects.toMatchObject({
        status: 404,
        message: "The model nope was not found.",
      });
      await expect(reportDeployment(chen, { ...base, version: "9.9" })).rejects.toMatchObject({
        status: 404,
        message: "The version 9.9 of fraud-detector was not found.",
      });
      await expect(reportDeployment(viewer, base)).rejects.toMatchObject({ status: 403 });
      await expect(reportDeployment(rafael, base)).rejects.toMatchObject({ status: 403 });
      await expect(reportDeployment(readToken, base)).rejects.toMatchObject({
        status: 403,
        message: "This token lacks the 'write' scope needed here.",
      });
      await expect(deploymentsBetween(viewer, "nope")).rejects.toMatchObject({ status: 404 });
      const bad = CreateDeployment.safeParse({ ...base, environment: "Prod", trafficPercent: 101, strategy: "yolo", status: "done" });
      expect(bad.success ? [] : bad.error.issues.map((i) => i.path.join("."))).toEqual([
        "environment",
        "strategy",
        "trafficPercent",
        "status",
      ]);
      expect(await audits("deployment.reported")).toBe(3);
    });
  });

  describe("pipeline runs", () => {
    const run = (over: Partial<ReportPipelineRunInput> = {}): ReportPipelineRunInput => ({
      pipeline: "retrain",
      model: "fraud-detector",
      status: "running",
      trigger: "schedule",
      startedAt: at("01:00"),
      ...over,
    });

    it("a run reported as it progresses is one row with the final state", async () => {
      const first = await reportPipelineRun(chen, run({ message: "fetching features" }), NOW);
      expect(first).toEqual({
        id: first.id,
        model: "fraud-detector",
        pipeline: "retrain",
        status: "running",
        trigger: "schedule",
        startedAt: "2026-11-20T01:00:00.000Z",
        finishedAt: null,
        message: "fetching features",
      });
      // The same run again, its startedAt written without a zone (UTC) and with a trigger the first report set.
      const done = await reportPipelineRun(
        chen,
        run({ status: "succeeded", startedAt: "2026-11-20T01:00:00", finishedAt: at("01:40"), message: "auc 0.91", trigger: "manual" }),
        NOW,
      );
      expect(done).toEqual({ ...first, status: "succeeded", finishedAt: "2026-11-20T01:40:00.000Z", message: "auc 0.91" });
      // A "running" report delivered late does not undo the finished state.
      expect(await reportPipelineRun(chen, run({ message: "late heartbeat" }), NOW)).toEqual(done);
      const stored = await rows<{ id: string; status: string; trigger: string }>(sql`select id, status, trigger from pipeline_runs`);
      expect(stored).toEqual([{ id: first.id, status: "succeeded", trigger: "schedule" }]);
      expect([await audits("pipeline_run.reported"), await audits("pipeline_run.updated")]).toEqual([1, 1]);
    });

    it("two simultaneous first reports of one run make one row", async () => {
      const both = await Promise.all([
        reportPipelineRun(chen, run({ pipeline: "race", startedAt: at("00:30") }), NOW),
        reportPipelineRun(
          chen,
          run({ pipeline: "race", startedAt: at("00:30"), status: "failed", finishedAt: at("00:31"), message: "boom" }),
          NOW,
        ),
      ]);
      expect(both[0].id).toBe(both[1].id);
      const stored = await rows<{ status: string }>(sql`select status from pipeline_runs where pipeline = 'race'`);
      expect(stored).toEqual([{ status: "failed" }]); // whichever came first, the finished state stands
      await rows(sql`delete from pipeline_runs where pipeline = 'race'`);
    });

    it("refuses finishedAt before startedAt (naming finishedAt), finishedAt on a running run, viewers and reviewers", async () => {
      await expect(
        reportPipelineRun(chen, run({ status: "failed", startedAt: at("03:00"), finishedAt: at("02:59") }), NOW),
      ).rejects.toMatchObject({ status: 400, details: [{ path: "finishedAt" }] });
      await expect(reportPipelineRun(chen, run({ startedAt: at("03:00"), finishedAt: at("03:10") }), NOW)).rejects.toMatchObject({
        status: 400,
        details: [{ path: "finishedAt" }],
      });
      await expect(reportPipelineRun(chen, run({ startedAt: "2026-11-22T00:00:00Z" }), NOW)).rejects.toMatchObject({
        status: 400,
        details: [{ path: "startedAt" }],
      });
      await expect(reportPipelineRun(chen, run({ model: "nope" }), NOW)).rejects.toMatchObject({
        status: 404,
        message: "The model nope was not found.",
      });
      await expect(reportPipelineRun(viewer, run(), NOW)).rejects.toMatchObject({ status: 403 });
      await expect(reportPipelineRun(rafael, run(), NOW)).rejects.toMatchObject({ status: 403 });
      await expect(reportPipelineRun(ada, run(), NOW)).rejects.toMatchObject({ status: 403 });
      expect(ReportPipelineRun.safeParse(run({ trigger: "cron" as never })).success).toBe(false);
      expect(await rows(sql`select id from pipeline_runs`)).toHaveLength(1);
    });

    it("retraining success rate = succeeded ÷ finished runs: 3 succeeded, 1 failed, 1 running → 0.75", async () => {
      // Already: retrain 01:00 succeeded. Two more successes (one on another pipeline), one failure, one running.
      await reportPipelineRun(chen, run({ startedAt: at("02:00"), status: "succeeded", finishedAt: at("02:30") }), NOW);
      await reportPipelineRun(
        chen,
        run({ pipeline: "features", trigger: "drift", startedAt: at("04:00"), status: "succeeded", finishedAt: at("04:05") }),
        NOW,
      );
      await reportPipelineRun(chen, run({ startedAt: at("06:00"), status: "failed", finishedAt: at("06:20"), message: "OOMKilled" }), NOW);
      await reportPipelineRun(chen, run({ startedAt: at("08:00") }), NOW);
      // Another model's runs do not count.
      await reportPipelineRun(chen, run({ model: "churn", startedAt: at("05:00"), status: "failed", finishedAt: at("05:01") }), NOW);

      const s = await pipelineSummary(viewer, "fraud-detector", at("00:00"), at("12:00"));
      expect({ total: s.total, running: s.running, succeeded: s.succeeded, failed: s.failed, successRate: s.successRate }).toEqual({
        total: 5,
        running: 1,
        succeeded: 3,
        failed: 1,
        successRate: 0.75,
      });
      expect(s.runs.map((r) => `${r.startedAt.slice(11, 16)} ${r.pipeline} ${r.status}`)).toEqual([
        "08:00 retrain running",
        "06:00 retrain failed",
        "04:00 features succeeded",
        "02:00 retrain succeeded",
        "01:00 retrain succeeded",
      ]);
      expect(s.lastSuccess).toMatchObject({ pipeline: "features", finishedAt: "2026-11-20T04:05:00.000Z" });
      expect(s.failures.map((r) => r.message)).toEqual(["OOMKilled"]);
      // Per pipeline: features 1 of 1; retrain 2 succeeded, 1 failed, 1 running → 2/3.
      expect(s.pipelines).toEqual([
        { pipeline: "features", total: 1, running: 0, succeeded: 1, failed: 0, successRate: 1, lastSuccess: "2026-11-20T04:05:00.000Z" },
        { pipeline: "retrain", total: 4, running: 1, succeeded: 2, failed: 1, successRate: 2 / 3, lastSuccess: "2026-11-20T02:30:00.000Z" },
      ]);
      // By model id too; a window holding only the running run has no rate (nothing finished), but keeps the last success.
      const [{ id }] = await rows<{ id: number }>(sql`select id from models where name = 'fraud-detector'`);
      const late = await pipelineSummary(viewer, Number(id), at("07:00"), at("12:00"));
      expect([late.total, late.successRate, late.lastSuccess?.startedAt]).toEqual([1, null, "2026-11-20T04:00:00.000Z"]);
      expect((await listPipelineRuns(viewer, "fraud-detector", at("02:00"), at("06:00"))).map((r) => r.startedAt.slice(11, 16))).toEqual([
        "04:00",
        "02:00",
      ]);
      expect(await listPipelineRuns(viewer, "fraud-detector", undefined, undefined, 2)).toHaveLength(2);
    });

    it("alert candidates: a ticket per (model, pipeline) whose latest finished run failed; null where it succeeded", async () => {
      const ids = Object.fromEntries(
        (await rows<{ id: number; name: string }>(sql`select id, name from models`)).map((m) => [m.name, Number(m.id)]),
      );
      const candidates = await transact((tx) => pipelineAlertCandidates(tx, NOW));
      expect(candidates.map((c) => [c.key, c.severity, c.title])).toEqual([
        [`pipeline:${ids.churn}:retrain`, "ticket", "churn: pipeline retrain failed at 2026-11-20T05:01:00.000Z"],
        [`pipeline:${ids["fraud-detector"]}:features`, null, "fraud-detector: pipeline features succeeded at 2026-11-20T04:05:00.000Z"],
        [
          `pipeline:${ids["fraud-detector"]}:retrain`,
          "ticket",
          "fraud-detector: pipeline retrain failed at 2026-11-20T06:20:00.000Z: OOMKilled",
        ],
      ]);
      expect(candidates[2]).toMatchObject({
        kind: "pipeline",
        modelId: ids["fraud-detector"],
        model: "fraud-detector",
        pipeline: "retrain",
        versionId: null,
        version: null,
        sloId: null,
      });
      expect(candidates[2].details).toMatchObject({
        status: "failed",
        trigger: "schedule",
        startedAt: "2026-11-20T06:00:00.000Z",
        finishedAt: "2026-11-20T06:20:00.000Z",
        message: "OOMKilled",
      });
      // As of 05:00, fraud-detector's retrain had last succeeded (02:30) and churn's run had not finished.
      const earlier = await transact((tx) => pipelineAlertCandidates(tx, new Date(at("05:00"))));
      expect(earlier.map((c) => [c.key, c.severity])).toEqual([
        [`pipeline:${ids["fraud-detector"]}:features`, null],
        [`pipeline:${ids["fraud-detector"]}:retrain`, null],
      ]);
      // The running 08:00 run finishes: its success resolves the ticket.
      await reportPipelineRun(chen, run({ startedAt: at("08:00"), status: "succeeded", finishedAt: at("09:00") }), NOW);
      const after = await transact((tx) => pipelineAlertCandidates(tx, NOW));
      expect(after.find((c) => c.key === `pipeline:${ids["fraud-detector"]}:retrain`)?.severity).toBeNull();
    });
  });

  describe("resources", () => {
    const point = (ts: string, replicas: number, over: Record<string, unknown> = {}) => ({
      model: "fraud-detector",
      version: "2.0",
      environment: "production",
      ts,
      cpu: 1.5,
      memoryMb: 2048,
      replicas,
      ...over,
    });

    it("stores points exactly and finds the autoscaling events at the replica changes", async () => {
      const points = [
        point(at("10:00"), 2),
        point(at("10:01"), 2),
        point(at("10:02"), 4, { cpu: 3.25, memoryMb: 4096.5 }), // 2 → 4
        point(at("10:03"), 4),
        point(at("10:04"), 3), // 4 → 3
        point("2026-11-20T10:05:00", 3), // no zone: UTC
        // Another environment of the same version: its own series (staging 1 → 1 → 2).
        point(at("10:00"), 1, { environment: "staging" }),
        point(at("10:02"), 1, { environment: "staging" }),
        point(at("10:04"), 2, { environment: "staging" }),
        // Another version starts at 5 replicas: its first point is no event.
        point(at("10:03"), 5, { version: "1.0" }),
      ];
      expect(await ingestResources(chen, { points: [...points].reverse() }, NOW)).toEqual({ accepted: 10 });
      const [stored] = await rows<Record<string, unknown>>(
        sql`select environment, ts, cpu, memory_mb, replicas from resource_points where ts = '2026-11-20T10:02:00Z' and environment = 'production'`,
      );
      expect({ ...stored, ts: new Date(stored.ts as string).toISOString() }).toEqual({
        environment: "production",
        ts: "2026-11-20T10:02:00.000Z",
        cpu: 3.25,
        memory_mb: 4096.5,
        replicas: 4,
      });

      const events = await autoscalingEvents("fraud-detector", at("09:00"), at("11:00"));
      expect(events.map((e) => `${e.ts.slice(11, 16)} ${e.version} ${e.environment} ${e.fromReplicas}→${e.toReplicas}`)).toEqual([
        "10:02 2.0 production 2→4",
        "10:04 2.0 production 4→3",
        "10:04 2.0 staging 1→2",
      ]);
      // The window starts at 10:02: the change there counts (its previous point, 10:01, is read from before the window).
      expect((await autoscalingEvents("fraud-detector", at("10:02"), at("10:04"))).map((e) => e.ts)).toEqual(["2026-11-20T10:02:00.000Z"]);
      // By version id.
      const [{ id }] = await rows<{ id: number }>(
        sql`select v.id from model_versions v join models m on m.id = v.model_id where m.name = 'fraud-detector' and v.version = '1.0'`,
      );
      expect(await autoscalingEvents(Number(id), at("09:00"), at("11:00"))).toEqual([]);
      expect(await audits("resources.ingested")).toBe(1);

      // A retried batch stores nothing twice.
      await ingestResources(chen, { points }, NOW);
      expect((await rows(sql`select 1 from resource_points`)).length).toBe(10);

      const series = await resourceSeries(viewer, "fraud-detector", "2.0", at("10:00"), at("10:03"));
      expect(series.points.map((p) => `${p.ts.slice(11, 16)} ${p.environment} ${p.replicas}`)).toEqual([
        "10:00 production 2",
        "10:00 staging 1",
        "10:01 production 2",
        "10:02 production 4",
        "10:02 staging 1",
      ]);
      expect(series.points[3]).toEqual({
        version: "2.0",
        environment: "production",
        ts: "2026-11-20T10:02:00.000Z",
        cpu: 3.25,
        memoryMb: 4096.5,
        replicas: 4,
      });
      expect(series.events.map((e) => e.ts)).toEqual(["2026-11-20T10:02:00.000Z"]);
      expect(series.truncated).toBe(false);
      await expect(resourceSeries(viewer, "fraud-detector", "9.9", at("10:00"), at("10:03"))).rejects.toMatchObject({ status: 404 });
    });

    it("is all or nothing: one bad point is 400 naming points[3].cpu and nothing is stored", async () => {
      const before = (await rows(sql`select 1 from resource_points`)).length;
      const bad = [point(at("11:00"), 6), point(at("11:01"), 6), point(at("11:02"), 7), point(at("11:03"), 7, { cpu: "high" })];
      await expect(ingestResources(chen, { points: bad }, NOW)).rejects.toMatchObject({
        status: 400,
        details: [{ path: "points[3].cpu" }],
      });
      // An unknown version is named by the first point that has it.
      const unknown = [point(at("11:00"), 6), point(at("11:01"), 6, { version: "9.9" })];
      await expect(ingestResources(chen, { points: unknown }, NOW)).rejects.toMatchObject({
        status: 400,
        details: [{ path: "points[1].version", message: "is not a registered version of fraud-detector (9.9)" }],
      });
      await expect(ingestResources(chen, { points: [point(at("11:00"), 6, { model: "nope" })] }, NOW)).rejects.toMatchObject({
        status: 400,
        details: [{ path: "points[0].model" }],
      });
      await expect(ingestResources(chen, { points: [] }, NOW)).rejects.toMatchObject({ status: 400, details: [{ path: "points" }] });
      await expect(
        ingestResources(chen, { points: Array.from({ length: 10_001 }, (_, i) => point(at("11:00"), i)) }, NOW),
      ).rejects.toMatchObject({ status: 413 });
      expect((await rows(sql`select 1 from resource_points`)).length).toBe(before);
      expect(await audits("resources.ingested")).toBe(2);
    });

    it("refuses viewers and reviewers (403) before looking at the body", async () => {
      await expect(ingestResources(viewer, { points: [point(at("11:00"), 1)] }, NOW)).rejects.toMatchObject({ status: 403 });
      await expect(ingestResources(rafael, { nonsense: true }, NOW)).rejects.toMatchObject({ status: 403 });
    });
  });
});

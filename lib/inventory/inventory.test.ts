import { describe, expect, it } from "vitest";
import { listAudit, verifyAudit } from "@/lib/audit/read";
import { SYSTEM } from "@/lib/auth/actor";
import type { AppError } from "@/lib/errors";
import { person } from "@/tests/actors";
import { useFreshStore } from "@/tests/store";
import { createModel, getModel, listModels } from "./models";
import { ListModelsQuery } from "./schemas";
import { createVersion, retireVersion } from "./versions";

const contributor = person("C", ["contributor"], 2);
const viewer = person("V", ["viewer"], 3);
const q = (o: Record<string, unknown> = {}) => ListModelsQuery.parse(o);

describe("inventory rules (database)", () => {
  useFreshStore();

  it("refuses a viewer's registration with 403 and stores nothing", async () => {
    await expect(createModel(viewer, { name: "x", owner: "v@example.com", riskTier: "low" })).rejects.toMatchObject({ status: 403 });
    expect((await listModels(viewer, q())).items).toHaveLength(0);
  });

  it("lets exactly one of ten simultaneous registrations of one name win, with one audit entry", async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, () => createModel(contributor, { name: "racer", owner: "c@example.com", riskTier: "high" })),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const failures = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(failures).toHaveLength(9);
    for (const f of failures) expect((f.reason as AppError).status).toBe(409);
    const audit = await listAudit(SYSTEM, { action: "model.created", entityId: "racer" }, 0, 50);
    expect(audit.items).toHaveLength(1);
    expect(await verifyAudit(SYSTEM)).toMatchObject({ ok: true });
  });

  it("computes the newest version's stage and filters by a stage any version is in", async () => {
    await createModel(contributor, { name: "staged", owner: "c@example.com", riskTier: "low", tags: ["nlp"] });
    await createVersion(contributor, "staged", { version: "1.0" });
    await createVersion(contributor, "staged", { version: "2.0" });
    await retireVersion(contributor, "staged", "1.0", { reason: "superseded" });
    const m = await getModel(viewer, "staged");
    expect(m.versions.map((v) => [v.version, v.stage])).toEqual([
      ["2.0", "development"],
      ["1.0", "retired"],
    ]);
    expect(m.stage).toBe("development");
    expect(m.latestVersion).toBe("2.0");
    expect(m.versionCount).toBe(2);
    expect((await listModels(viewer, q({ stage: "retired" }))).items.map((x) => x.name)).toEqual(["staged"]);
    expect((await listModels(viewer, q({ tag: "nlp" }))).items.map((x) => x.name)).toEqual(["staged"]);
    expect((await listModels(viewer, q({ q: "NLP" }))).items.map((x) => x.name)).toEqual(["staged"]);
  });

  it("pages through every model once, in order, by keyset cursor", async () => {
    for (let i = 0; i < 7; i++)
      await createModel(contributor, {
        name: `page-${String(i).padStart(2, "0")}`,
        owner: "c@example.com",
        riskTier: (["low", "medium", "high", "critical"] as const)[i % 4],
      });
    for (const sort of ["name", "-name", "riskTier", "-riskTier", "-updatedAt", "updatedAt"] as const) {
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await listModels(viewer, q({ sort, limit: 3, cursor }));
        seen.push(...page.items.map((m) => m.name));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      // racer, staged and page-00..06: nine models, each once.
      expect(seen).toHaveLength(9);
      expect(new Set(seen).size).toBe(9);
      if (sort === "name") expect(seen).toEqual([...seen].sort());
    }
  });
});

describe("versions and evaluations lists page by cursor (database)", () => {
  useFreshStore();

  it("walks five versions and four evaluations two at a time, newest first, each once", async () => {
    const { listVersionsPage, listEvaluationsPage } = await import("./lists");
    const { addEvaluation } = await import("./versions");
    await createModel(contributor, { name: "listed", owner: "c@example.com", riskTier: "low" });
    for (const v of ["1", "2", "3", "4", "5"]) await createVersion(contributor, "listed", { version: v });
    for (const d of ["a", "b", "c", "d"]) await addEvaluation(contributor, "listed", "5", { dataset: d, metrics: { auc: 0.5 } });
    const walk = async <T>(page: (cursor?: string) => Promise<{ items: T[]; nextCursor: string | null }>) => {
      const out: T[] = [];
      let cursor: string | undefined;
      do {
        const p = await page(cursor);
        out.push(...p.items);
        cursor = p.nextCursor ?? undefined;
      } while (cursor);
      return out;
    };
    const versions = await walk((c) => listVersionsPage(viewer, "listed", 2, c));
    expect(versions.map((v) => v.version)).toEqual(["5", "4", "3", "2", "1"]);
    const evals = await walk((c) => listEvaluationsPage(viewer, "listed", "5", 2, c));
    expect(evals.map((e) => e.dataset).sort()).toEqual(["a", "b", "c", "d"]);
  });
});

import { describe, expect, it } from "vitest";
import { listAudit, verifyAudit } from "@/lib/audit/read";
import { type Actor, SYSTEM } from "@/lib/auth/actor";
import { createModel, getModel } from "@/lib/inventory/models";
import { createVersion, getVersion } from "@/lib/inventory/versions";
import { person, tokenOf } from "@/tests/actors";
import { useFreshStore } from "@/tests/store";
import { createBiasAudit, getBiasAudit, listModelAudits, listVersionAudits } from "./audits";
import { COMPAS } from "./fixtures";

const contributor = person("C", ["contributor"], 2);
const viewer = person("V", ["viewer"], 3);
const readToken: Actor = tokenOf(contributor, ["read"], "t1");

const header = { name: "holdout-2026Q4", dataset: "holdout-2026Q4", sensitiveAttributes: ["race"], referenceGroups: { race: "Caucasian" } };

/** Row-level records that add up to the given confusion counts. */
function recordsFrom(race: string, c: { tp: number; fp: number; tn: number; fn: number }) {
  const out: { label: number; prediction: number; attributes: { race: string } }[] = [];
  const push = (n: number, label: number, prediction: number) => {
    for (let i = 0; i < n; i++) out.push({ label, prediction, attributes: { race } });
  };
  push(c.tp, 1, 1);
  push(c.fp, 0, 1);
  push(c.tn, 0, 0);
  push(c.fn, 1, 0);
  return out;
}

describe("bias audits (database)", () => {
  useFreshStore();

  it("stores an audit from COMPAS counts, lists it on the version and the model, and records it in the audit trail", async () => {
    await createModel(contributor, { name: "compas", owner: "c@example.com", riskTier: "critical" });
    await createVersion(contributor, "compas", { version: "1.0" });
    const a = await createBiasAudit(contributor, "compas", "1.0", {
      ...header,
      counts: [
        { attributes: { race: "African-American" }, ...COMPAS.black },
        { attributes: { race: "Caucasian" }, ...COMPAS.white },
      ],
    });
    expect(a).toMatchObject({ model: "compas", version: "1.0", passed: false, recordCount: 6150, createdBy: "c@example.com" });
    expect(a.config).toMatchObject({
      source: "counts",
      referenceGroups: { race: "Caucasian" },
      thresholds: { min: 0.8, max: 1.25 },
      minGroupSize: 30,
    });
    const black = a.groups.find((g) => g.group === "African-American");
    expect(black?.fpr).toBeCloseTo(0.4485, 4);
    expect(black?.disparities.fpr).toBeCloseTo(1.912, 3);

    const again = await getBiasAudit(viewer, a.id);
    expect(again).toEqual(a);
    expect((await getVersion(viewer, "compas", "1.0")).audits).toEqual([
      { id: a.id, name: "holdout-2026Q4", dataset: "holdout-2026Q4", passed: false, createdAt: a.createdAt },
    ]);
    expect(await listVersionAudits(viewer, "compas", "1.0")).toHaveLength(1);
    const m = await getModel(viewer, "compas");
    expect(m.latestBiasAudit).toMatchObject({ id: a.id, version: "1.0", passed: false, recordCount: 6150 });
    expect(m.latestBiasAudit?.disparateImpact).toBeCloseTo(0.591638, 6);

    const trail = await listAudit(SYSTEM, { action: "bias_audit.created", entityId: a.id }, 0, 10);
    expect(trail.items).toHaveLength(1);
    expect(trail.items[0]).toMatchObject({
      actor: { email: "c@example.com" },
      entity: { type: "bias_audit", id: a.id },
      after: { passed: false, model: "compas", version: "1.0" },
    });
    expect(await verifyAudit(SYSTEM)).toMatchObject({ ok: true });
  });

  it("gives the same numbers from row-level records as from their counts", async () => {
    const records = [...recordsFrom("African-American", COMPAS.black), ...recordsFrom("Caucasian", COMPAS.white)];
    const a = await createBiasAudit(contributor, "compas", "1.0", { ...header, name: "records", records });
    expect(a.config.source).toBe("records");
    expect(a.recordCount).toBe(6150);
    const b = await getBiasAudit(
      viewer,
      (await listVersionAudits(viewer, "compas", "1.0")).find((x) => x.name === "holdout-2026Q4")?.id ?? "",
    );
    expect(a.groups).toEqual(b.groups);
    expect(a.summary).toEqual(b.summary);
  });

  it("compares audits across a model's versions, newest first", async () => {
    await createVersion(contributor, "compas", { version: "2.0" });
    const fair = { tp: 500, fp: 100, tn: 900, fn: 100 };
    const a = await createBiasAudit(contributor, "compas", "2.0", {
      ...header,
      name: "retrained",
      counts: [
        { attributes: { race: "African-American" }, ...fair },
        { attributes: { race: "Caucasian" }, ...fair },
      ],
    });
    expect(a.passed).toBe(true);
    const list = await listModelAudits(viewer, "compas");
    expect(list.map((x) => [x.version, x.name, x.passed])).toEqual([
      ["2.0", "retrained", true],
      ["1.0", "records", false],
      ["1.0", "holdout-2026Q4", false],
    ]);
    expect(list[0].disparateImpact).toBe(1);
    expect((await getModel(viewer, "compas")).latestBiasAudit).toMatchObject({ id: a.id, version: "2.0", passed: true });
  });

  it("refuses a viewer and a read-only token with 403, and stores nothing", async () => {
    const before = (await listVersionAudits(viewer, "compas", "1.0")).length;
    const body = { ...header, counts: [{ attributes: { race: "Caucasian" }, ...COMPAS.white }] };
    await expect(createBiasAudit(viewer, "compas", "1.0", body)).rejects.toMatchObject({ status: 403 });
    await expect(createBiasAudit(readToken, "compas", "1.0", body)).rejects.toMatchObject({
      status: 403,
      message: "This token lacks the 'write' scope needed here.",
    });
    expect(await listVersionAudits(viewer, "compas", "1.0")).toHaveLength(before);
  });

  it("stores nothing, and writes no audit-trail entry, when one record is bad or the reference is absent", async () => {
    const before = (await listVersionAudits(viewer, "compas", "1.0")).length;
    const entries = (await listAudit(SYSTEM, { action: "bias_audit.created" }, 0, 100)).items.length;
    const records = recordsFrom("Caucasian", { tp: 10, fp: 10, tn: 10, fn: 10 }) as unknown[];
    records[17] = { label: 1, prediction: 0, attributes: {} };
    await expect(createBiasAudit(contributor, "compas", "1.0", { ...header, records })).rejects.toMatchObject({
      status: 400,
      details: [{ path: "records[17].attributes.race", message: expect.any(String) }],
    });
    await expect(
      createBiasAudit(contributor, "compas", "1.0", { ...header, referenceGroups: { race: "Nobody" }, records: records.slice(0, 10) }),
    ).rejects.toMatchObject({
      status: 400,
      details: [expect.objectContaining({ path: "referenceGroups.race" })],
    });
    expect(await listVersionAudits(viewer, "compas", "1.0")).toHaveLength(before);
    expect((await listAudit(SYSTEM, { action: "bias_audit.created" }, 0, 100)).items).toHaveLength(entries);
  });

  it("answers 404 for an unknown version, model or audit", async () => {
    const body = { ...header, counts: [{ attributes: { race: "Caucasian" }, ...COMPAS.white }] };
    await expect(createBiasAudit(contributor, "compas", "9.9", body)).rejects.toMatchObject({ status: 404 });
    await expect(createBiasAudit(contributor, "nope", "1.0", body)).rejects.toMatchObject({ status: 404 });
    await expect(getBiasAudit(viewer, "not-a-uuid")).rejects.toMatchObject({ status: 404 });
    await expect(getBiasAudit(viewer, "00000000-0000-4000-8000-000000000000")).rejects.toMatchObject({ status: 404 });
    await expect(listModelAudits(viewer, "nope")).rejects.toMatchObject({ status: 404 });
  });
});

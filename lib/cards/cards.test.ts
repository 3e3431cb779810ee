import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { listAudit, verifyAudit } from "@/lib/audit/read";
import { type Actor, SYSTEM } from "@/lib/auth/actor";
import type { AppError } from "@/lib/errors";
import { createModel } from "@/lib/inventory/models";
import { createVersion, getVersion } from "@/lib/inventory/versions";
import { person, tokenOf } from "@/tests/actors";
import { useFreshStore } from "@/tests/store";
import { copyFromPrevious, diffRevisions, exportCard, getCard, importCard, listRevisions, saveCard } from "./cards";
import { FULL_CARD } from "./fixtures/cards";

const owner = person("Chen", ["contributor"], 2);
const otherContributor = person("Priya", ["contributor"], 3);
const viewer = person("Victor", ["viewer"], 4);
const admin = person("Amara", ["admin"], 1);
const ownerReadToken: Actor = tokenOf(owner, ["read"], "t1");
const ownerWriteToken: Actor = tokenOf(owner, ["read", "write"], "t2");

const M = "credit-default";
const api = { source: "api" } as const;

async function failure(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    return e as AppError;
  }
  throw new Error("expected a failure");
}

describe("model cards (database)", () => {
  useFreshStore();

  beforeAll(async () => {
    await createModel(owner, { name: M, owner: "Chen@example.com", riskTier: "critical" });
    for (const v of ["1.0", "1.1", "1.2", "2.0"]) await createVersion(owner, M, { version: v });
  });

  it("404s a version with no card yet, saying so, and an unknown version or revision", async () => {
    expect(await failure(getCard(viewer, M, "1.0"))).toMatchObject({
      status: 404,
      message: `No card has been saved yet for version 1.0 of ${M}.`,
    });
    expect(await failure(getCard(viewer, M, "9.9"))).toMatchObject({
      status: 404,
      message: `Version 9.9 of the model ${M} was not found.`,
    });
    expect((await getVersion(viewer, M, "1.0")).card).toBeNull();
  });

  it("keeps every save as a numbered revision: who, when, how, completeness", async () => {
    const first = await saveCard(
      owner,
      M,
      "1.0",
      { modelDetails: { text: "First draft" }, factors: { relevantFactors: ["", "age"] } },
      { source: "browser" },
    );
    expect(first).toMatchObject({ revision: 1, completeness: 22, needsReview: false });
    const second = await saveCard(ownerWriteToken, M, "1.0", FULL_CARD, { ifMatch: 1, ...api });
    expect(second).toMatchObject({ revision: 2, completeness: 100 });

    const latest = await getCard(viewer, M, "1.0");
    expect(latest).toMatchObject({
      model: M,
      version: "1.0",
      revision: 2,
      completeness: 100,
      needsReview: false,
      source: "api",
      savedBy: "chen@example.com",
    });
    expect(latest.card).toEqual(FULL_CARD);
    // Blank rows are not stored: the browser form's empty row is no content.
    expect((await getCard(viewer, M, "1.0", 1)).card).toEqual({
      modelDetails: { text: "First draft" },
      factors: { relevantFactors: ["age"] },
    });
    expect(await failure(getCard(viewer, M, "1.0", 3))).toMatchObject({
      status: 404,
      message: `Revision 3 of the card of ${M} 1.0 was not found.`,
    });

    const revs = await listRevisions(viewer, M, "1.0");
    expect(revs.items.map((r) => [r.revision, r.source, r.savedBy, r.completeness])).toEqual([
      [2, "api", "chen@example.com", 100],
      [1, "browser", "chen@example.com", 22],
    ]);
    const page1 = await listRevisions(viewer, M, "1.0", { limit: 1 });
    expect(page1.items.map((r) => r.revision)).toEqual([2]);
    expect(
      (await listRevisions(viewer, M, "1.0", { limit: 1, cursor: page1.nextCursor ?? undefined })).items.map((r) => r.revision),
    ).toEqual([1]);

    expect(await getVersion(viewer, M, "1.0")).toMatchObject({
      card: { revision: 2, completeness: 100, needsReview: false, savedAt: latest.savedAt },
    });

    const d = await diffRevisions(viewer, M, "1.0", 1, 2);
    expect(d.from.revision).toBe(1);
    expect(d.to.revision).toBe(2);
    expect(d.sections.filter((s) => s.changed)).toHaveLength(9);
  });

  it("refuses a save on top of someone else's save (If-Match) with 409 naming the current revision and who saved it", async () => {
    const e = await failure(saveCard(admin, M, "1.0", { modelDetails: { text: "stale edit" } }, { ifMatch: 1, ...api }));
    expect(e).toMatchObject({ status: 409, code: "revision_conflict", headers: { etag: '"2"' } });
    expect(e.message).toMatch(
      /^The card changed since revision 1, which you started from: revision 2 was saved by chen@example\.com at \d{4}-/,
    );
    expect(e.details).toEqual([{ path: "If-Match", message: "the current revision is 2, saved by chen@example.com" }]);
    // If-Match 0 means "there is no card yet".
    expect(await failure(saveCard(owner, M, "1.0", {}, { ifMatch: 0, ...api }))).toMatchObject({ status: 409 });
    expect(await saveCard(owner, M, "1.2", { caveatsAndRecommendations: { text: "x" } }, { ifMatch: 0, ...api })).toMatchObject({
      revision: 1,
      completeness: 11,
    });
    expect((await getCard(viewer, M, "1.0")).revision).toBe(2);
  });

  it("lets exactly one of eight saves with the same If-Match win; the others get 409 and store nothing", async () => {
    const before = (await getCard(viewer, M, "1.2")).revision;
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, (_, i) =>
        saveCard(owner, M, "1.2", { modelDetails: { text: `writer ${i}` } }, { ifMatch: before, ...api }),
      ),
    );
    const won = results.filter((r) => r.status === "fulfilled");
    expect(won).toHaveLength(1);
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(lost.map((r) => (r.reason as AppError).code)).toEqual(Array(7).fill("revision_conflict"));
    expect((await listRevisions(viewer, M, "1.2")).items.map((r) => r.revision)).toEqual([before + 1, before]);
    const audit = await listAudit(SYSTEM, { entityType: "card", entityId: `${M}/1.2` }, 0, 50);
    expect(audit.items.map((a) => a.action)).toEqual(["card.created", "card.updated"]);
    // Without If-Match saves queue on the version's row: all land, numbered without gaps.
    await Promise.all(Array.from({ length: 5 }, (_, i) => saveCard(owner, M, "1.2", { modelDetails: { text: `queued ${i}` } }, api)));
    expect((await listRevisions(viewer, M, "1.2")).items.map((r) => r.revision)).toEqual([7, 6, 5, 4, 3, 2, 1]);
  });

  it("lets only the model's owner (a contributor) or an admin save; viewers, other contributors and read-only tokens get 403", async () => {
    const card = { modelDetails: { text: "by someone" } };
    expect(await failure(saveCard(viewer, M, "2.0", card, api))).toMatchObject({ status: 403 });
    expect(await failure(saveCard(otherContributor, M, "2.0", card, api))).toMatchObject({
      status: 403,
      message: "Only the model's owner (Chen@example.com), one of its maintainers, or an admin can do this.",
    });
    expect(await failure(saveCard(ownerReadToken, M, "2.0", card, api))).toMatchObject({
      status: 403,
      message: "This token lacks the 'write' scope needed here.",
    });
    expect(await failure(importCard(viewer, M, "2.0", "{}", "application/json"))).toMatchObject({ status: 403 });
    expect(await failure(copyFromPrevious(otherContributor, M, "2.0"))).toMatchObject({ status: 403 });
    expect(await failure(getCard(viewer, M, "2.0"))).toMatchObject({ status: 404 }); // nothing was stored
    expect(await saveCard(admin, M, "2.0", card, { source: "browser" })).toMatchObject({ revision: 1 });
    expect(await saveCard(owner, M, "2.0", card, { source: "browser" })).toMatchObject({ revision: 2 });
  });

  it("records every save in the audit trail with the card before and after", async () => {
    const entries = (await listAudit(SYSTEM, { entityType: "card", entityId: `${M}/1.0` }, 0, 50)).items;
    expect(entries.map((e) => [e.action, e.actor.email])).toEqual([
      ["card.created", "chen@example.com"],
      ["card.updated", "chen@example.com"],
    ]);
    expect(entries[0].before).toBeNull();
    expect(entries[0].after).toMatchObject({
      revision: 1,
      completeness: 22,
      source: "browser",
      card: { modelDetails: { text: "First draft" } },
    });
    expect(entries[1].before).toMatchObject({ revision: 1, card: { modelDetails: { text: "First draft" } } });
    expect(entries[1].after).toMatchObject({ revision: 2, completeness: 100, source: "api", card: FULL_CARD });
    expect(await verifyAudit(SYSTEM)).toMatchObject({ ok: true });
  });

  it("imports a Model Card Toolkit card and exports the same fields back; imports a Hugging Face README", async () => {
    await createVersion(owner, M, { version: "3.0-mct" });
    const mctText = fs.readFileSync(path.join(__dirname, "fixtures/mct-census-income.json"), "utf8");
    const imported = await importCard(owner, M, "3.0-mct", mctText, "application/json; charset=utf-8");
    expect(imported).toMatchObject({ revision: 1, format: "mct", needsReview: false });
    expect(imported.card.modelDetails?.license).toBe("Apache-2.0");
    const out = await exportCard(viewer, M, "3.0-mct", "mct");
    expect(out.contentType).toBe("application/json");
    const census = JSON.parse(mctText);
    expect(JSON.parse(out.body)).toEqual({
      ...census,
      model_details: { ...census.model_details, name: M, version: { ...census.model_details.version, name: "3.0-mct" } },
    });
    // Export then import gives the same card, after the card has been through the database.
    await createVersion(owner, M, { version: "3.0-copy" });
    const full = JSON.parse((await exportCard(viewer, M, "1.0", "mct")).body);
    expect(full.model_details).toMatchObject({ name: M, version: { name: "1.0" } });
    await importCard(owner, M, "3.0-copy", JSON.stringify(full), "application/json");
    expect((await getCard(viewer, M, "3.0-copy")).card).toEqual(FULL_CARD);
    const md = await exportCard(viewer, M, "3.0-mct", "markdown");
    expect(md.body).toMatch(
      /^# Model card: credit-default 3\.0-mct\n\nRevision 1 · saved .* by chen@example\.com · \d+% complete\n\n## Model details\n\nThis is a wide and deep Keras model/,
    );

    const readme = fs.readFileSync(path.join(__dirname, "fixtures/hf-review-sentiment-README.md"), "utf8");
    const hf = await importCard(admin, M, "3.0-mct", readme, "text/markdown", { ifMatch: 1 });
    expect(hf).toMatchObject({ revision: 2, format: "huggingface", completeness: 100 });
    const audit = (await listAudit(SYSTEM, { entityType: "card", entityId: `${M}/3.0-mct` }, 0, 50)).items;
    expect(audit.map((a) => [a.action, (a.after as { format: string }).format])).toEqual([
      ["card.imported", "mct"],
      ["card.imported", "huggingface"],
    ]);
    expect(audit[1].before).toMatchObject({ revision: 1, card: { modelDetails: { license: "Apache-2.0" } } });
    expect(await failure(importCard(owner, M, "3.0-mct", "{", "application/json"))).toMatchObject({ status: 400 });
    expect(await failure(importCard(owner, M, "3.0-mct", "<card/>", "application/xml"))).toMatchObject({ status: 415 });
    expect(await failure(importCard(owner, M, "3.0-mct", '{"model_details": {"owners": "me"}}', "application/json"))).toMatchObject({
      status: 400,
      details: [expect.objectContaining({ path: "model_details.owners" })],
    });
  });

  it("starts a new version's card as a copy of the previous version's latest card, needing review until saved", async () => {
    await createVersion(owner, M, { version: "4.0" });
    const copied = await copyFromPrevious(owner, M, "4.0");
    // 3.0-copy is the nearest earlier version with a card; its latest revision is 1.
    expect(copied).toMatchObject({ revision: 1, needsReview: true, completeness: 100, copiedFrom: { version: "3.0-copy", revision: 1 } });
    const card = await getCard(viewer, M, "4.0");
    expect(card).toMatchObject({ needsReview: true, source: "copy" });
    expect(card.card).toEqual((await getCard(viewer, M, "3.0-copy")).card);
    expect((await getVersion(viewer, M, "4.0")).card).toMatchObject({ revision: 1, needsReview: true });
    const audit = (await listAudit(SYSTEM, { entityType: "card", entityId: `${M}/4.0` }, 0, 50)).items;
    expect(audit.map((a) => a.action)).toEqual(["card.copied"]);
    expect(audit[0].after).toMatchObject({ copiedFrom: { version: "3.0-copy", revision: 1 }, needsReview: true });

    expect(await failure(copyFromPrevious(owner, M, "4.0"))).toMatchObject({ status: 409, code: "card_exists" });
    expect(await saveCard(owner, M, "4.0", card.card, { ifMatch: 1, source: "browser" })).toMatchObject({
      revision: 2,
      needsReview: false,
    });

    await createModel(owner, { name: "fresh-model", owner: "chen@example.com", riskTier: "low" });
    await createVersion(owner, "fresh-model", { version: "1" });
    expect(await failure(copyFromPrevious(owner, "fresh-model", "1"))).toMatchObject({
      status: 404,
      message: "No earlier version of fresh-model has a card to copy.",
    });
  });
});

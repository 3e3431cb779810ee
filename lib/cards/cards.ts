import "server-only";
import { and, desc, eq, lt, sql } from "drizzle-orm";
import { z } from "zod";
import { conn, type Tx, transact } from "@/db/client";
import { cardRevisions, models, modelVersions } from "@/db/schema";
import { decodeCursor, encodeCursor, type Page } from "../api/pagination";
import { parse, refuseTooDeep } from "../api/validate";
import { appendAudit } from "../audit/append";
import type { Actor } from "../auth/actor";
import { authorize, can, modelSubject } from "../auth/policy";
import { AppError, badRequest, type ErrorDetail, notFound } from "../errors";
import { completeness } from "./completeness";
import { normalizeCard } from "./content";
import { diffCards, type SectionDiff } from "./diff";
import { fromHuggingFace } from "./huggingface";
import { toMarkdown } from "./markdown";
import { importMct, toMct } from "./mct";
import { type CardRevisionInfo, type CardSource, ModelCard } from "./schemas";

type CardRow = typeof cardRevisions.$inferSelect;
export type RevisionInfo = z.infer<typeof CardRevisionInfo>;
/** A card revision as GET .../card returns it. */
export type CardView = RevisionInfo & { model: string; version: string; card: ModelCard };
export type SavedCardView = { revision: number; completeness: number; needsReview: boolean; savedAt: string };

const cardEntity = (model: string, version: string) => ({ type: "card", id: `${model}/${version}` });

const revisionInfo = (r: CardRow): RevisionInfo => ({
  revision: r.revision,
  completeness: r.completeness,
  needsReview: r.needsReview,
  source: r.source as CardSource,
  savedAt: r.createdAt.toISOString(),
  savedBy: r.createdBy,
});

/** Whether the actor may edit this model's card (pages ask this to offer the editor): the policy's evidence.write. */
export function canEditCard(actor: Actor, model: { owner: string; maintainers?: readonly string[] | null }): boolean {
  return can(actor, "evidence.write", modelSubject(model));
}

async function findVersion(name: string, version: string, tx?: Tx) {
  const c = tx ?? (await conn());
  const q = c
    .select({
      modelId: models.id,
      owner: models.owner,
      maintainers: models.maintainers,
      versionId: modelVersions.id,
      createdAt: modelVersions.createdAt,
    })
    .from(modelVersions)
    .innerJoin(models, eq(models.id, modelVersions.modelId))
    .where(and(eq(models.name, name), eq(modelVersions.version, version)));
  // Saves to one version queue on its row, so an If-Match check and the insert it guards see the same latest revision.
  const [r] = tx ? await q.for("update", { of: modelVersions }) : await q;
  if (!r) throw notFound(`Version ${version} of the model ${name}`);
  return r;
}

async function latest(versionId: number, c?: Tx): Promise<CardRow | undefined> {
  const db = c ?? (await conn());
  const [r] = await db
    .select()
    .from(cardRevisions)
    .where(eq(cardRevisions.versionId, versionId))
    .orderBy(desc(cardRevisions.revision))
    .limit(1);
  return r;
}

async function revisionRow(name: string, version: string, versionId: number, revision?: number): Promise<CardRow> {
  const db = await conn();
  const row =
    revision === undefined
      ? await latest(versionId)
      : (
          await db
            .select()
            .from(cardRevisions)
            .where(and(eq(cardRevisions.versionId, versionId), eq(cardRevisions.revision, revision)))
        )[0];
  if (row) return row;
  if (revision === undefined) throw new AppError("not_found", 404, `No card has been saved yet for version ${version} of ${name}.`);
  throw notFound(`Revision ${revision} of the card of ${name} ${version}`);
}

/** The latest card of a version, or the given revision. 404 when the version or revision does not exist or no card was saved yet. */
export async function getCard(actor: Actor, name: string, version: string, revision?: number): Promise<CardView> {
  authorize(actor, "inventory.read");
  const v = await findVersion(name, version);
  const row = await revisionRow(name, version, v.versionId, revision);
  return { model: name, version, ...revisionInfo(row), card: normalizeCard(row.content as ModelCard) };
}

const RevisionCursor = z.object({ r: z.number().int() });

/** A version's card revisions, newest first (who saved each, when, how, and its completeness). */
export async function listRevisions(
  actor: Actor,
  name: string,
  version: string,
  page: { limit?: number; cursor?: string } = {},
): Promise<Page<RevisionInfo>> {
  authorize(actor, "inventory.read");
  const limit = page.limit ?? 50;
  const v = await findVersion(name, version);
  const cur = decodeCursor(page.cursor, RevisionCursor);
  const db = await conn();
  const rows = await db
    .select()
    .from(cardRevisions)
    .where(and(eq(cardRevisions.versionId, v.versionId), cur ? lt(cardRevisions.revision, cur.r) : undefined))
    .orderBy(desc(cardRevisions.revision))
    .limit(limit + 1);
  const items = rows.slice(0, limit).map(revisionInfo);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? encodeCursor({ r: last.revision }) : null };
}

export type CardDiffView = { model: string; version: string; from: RevisionInfo; to: RevisionInfo; sections: SectionDiff[] };

/** Section-by-section differences between two revisions of a version's card. */
export async function diffRevisions(actor: Actor, name: string, version: string, from: number, to: number): Promise<CardDiffView> {
  authorize(actor, "inventory.read");
  const v = await findVersion(name, version);
  const a = await revisionRow(name, version, v.versionId, from);
  const b = await revisionRow(name, version, v.versionId, to);
  return {
    model: name,
    version,
    from: revisionInfo(a),
    to: revisionInfo(b),
    sections: diffCards(a.content as ModelCard, b.content as ModelCard),
  };
}

export type CardExport = { contentType: string; body: string; filename: string };

/** The card in a format people use: MCT v0.0.2 JSON or a Markdown document. */
export async function exportCard(
  actor: Actor,
  name: string,
  version: string,
  format: "mct" | "markdown",
  revision?: number,
): Promise<CardExport> {
  const c = await getCard(actor, name, version, revision);
  const base = `model-card-${name}-${version}`.replace(/[^\w.+-]/g, "_");
  if (format === "mct")
    return {
      contentType: "application/json",
      body: JSON.stringify(toMct(c.card, { model: name, version }), null, 2),
      filename: `${base}.mct.json`,
    };
  const body = toMarkdown(c.card, {
    model: name,
    version,
    revision: c.revision,
    completeness: c.completeness,
    savedAt: c.savedAt,
    savedBy: c.savedBy,
    needsReview: c.needsReview,
  });
  return { contentType: "text/markdown; charset=utf-8", body, filename: `${base}.md` };
}

type WriteOptions = { ifMatch?: number; source: CardSource; needsReview?: boolean; action?: string; audit?: Record<string, unknown> };

/** One new revision, under the version's row lock, with its audit entry in the same transaction. */
async function writeRevision(
  actor: Actor,
  name: string,
  version: string,
  card: ModelCard,
  o: WriteOptions,
  tx: Tx,
): Promise<SavedCardView> {
  const v = await findVersion(name, version, tx);
  authorize(actor, "evidence.write", modelSubject(v));
  const cur = await latest(v.versionId, tx);
  if (o.ifMatch !== undefined && o.ifMatch !== (cur?.revision ?? 0)) {
    const now = cur
      ? `revision ${cur.revision} was saved by ${cur.createdBy} at ${cur.createdAt.toISOString()}`
      : "no card has been saved yet";
    throw new AppError(
      "revision_conflict",
      409,
      `The card changed since revision ${o.ifMatch}, which you started from: ${now}. Reload the card, reapply your changes and save again.`,
      [
        {
          path: "If-Match",
          message: cur
            ? `the current revision is ${cur.revision}, saved by ${cur.createdBy}`
            : "there is no revision yet; send If-Match: 0 or none",
        },
      ],
      cur ? { etag: `"${cur.revision}"` } : {},
    );
  }
  const content = normalizeCard(card);
  const score = completeness(content);
  const needsReview = o.needsReview ?? false;
  const [row] = await tx
    .insert(cardRevisions)
    .values({
      versionId: v.versionId,
      revision: (cur?.revision ?? 0) + 1,
      content,
      completeness: score,
      needsReview,
      source: o.source,
      createdBy: actor.email,
    })
    .returning();
  const action = o.action ?? (cur ? "card.updated" : "card.created");
  const before = cur ? { revision: cur.revision, completeness: cur.completeness, needsReview: cur.needsReview, card: cur.content } : null;
  await appendAudit(tx, actor, action, cardEntity(name, version), before, {
    revision: row.revision,
    completeness: score,
    needsReview,
    source: o.source,
    ...o.audit,
    card: content,
  });
  return { revision: row.revision, completeness: score, needsReview, savedAt: row.createdAt.toISOString() };
}

/**
 * Save the whole card as a new revision. Only the model's owner (a contributor) or an admin may; with `ifMatch`
 * the save is refused (409 revision_conflict) unless that is still the latest revision (0: no card yet).
 * Blank fields are dropped (see normalizeCard); a save clears needsReview.
 */
export async function saveCard(
  actor: Actor,
  name: string,
  version: string,
  card: ModelCard,
  options: { ifMatch?: number; source: "api" | "browser" | "import" },
): Promise<SavedCardView> {
  authorize(actor, "evidence.write");
  const valid = parse(ModelCard, card, "The card");
  return transact((tx) => writeRevision(actor, name, version, valid, { ifMatch: options.ifMatch, source: options.source }, tx));
}

export const IMPORT_TYPES = ["application/json", "text/markdown"] as const;

/**
 * Import a card as a new revision: Model Card Toolkit v0.0.2 JSON (`application/json`) or a Hugging Face model
 * card README (`text/markdown`). Returns the card as mapped, so the caller can show where everything went.
 */
export async function importCard(
  actor: Actor,
  name: string,
  version: string,
  body: string,
  contentType: string,
  options: { ifMatch?: number } = {},
): Promise<SavedCardView & { format: "mct" | "huggingface"; card: ModelCard; warnings: ErrorDetail[] }> {
  // Who may write this card is settled before a byte of the body is parsed.
  authorize(actor, "evidence.write");
  authorize(actor, "evidence.write", modelSubject(await findVersion(name, version)));
  const type = contentType.split(";")[0].trim().toLowerCase();
  let card: ModelCard;
  let format: "mct" | "huggingface";
  let warnings: ErrorDetail[] = [];
  if (type === "application/json") {
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      throw badRequest("The body is not valid JSON.", [{ path: "body", message: "is not valid JSON" }]);
    }
    // What the card has no field for is carried along as YAML, written by recursion: no card nests 64 levels deep.
    refuseTooDeep(json, 64, "The card");
    ({ card, warnings } = importMct(json, { model: name, version }));
    format = "mct";
  } else if (type === "text/markdown") {
    if (!body.trim()) throw badRequest("The body is empty; send the model card's README.", [{ path: "body", message: "is empty" }]);
    card = fromHuggingFace(body);
    format = "huggingface";
  } else {
    throw new AppError(
      "unsupported_media_type",
      415,
      "Send a Model Card Toolkit card as application/json or a Hugging Face model card as text/markdown.",
    );
  }
  const valid = parse(ModelCard, card, "The imported card");
  const saved = await transact((tx) =>
    writeRevision(
      actor,
      name,
      version,
      valid,
      { ifMatch: options.ifMatch, source: "import", action: "card.imported", audit: { format } },
      tx,
    ),
  );
  return { ...saved, format, card: normalizeCard(valid), warnings };
}

/**
 * Start a version's card as a copy of the latest card of the nearest earlier version of the model that has one,
 * marked as needing review. 409 if this version has a card already; 404 if no earlier version has one.
 */
export async function copyFromPrevious(
  actor: Actor,
  name: string,
  version: string,
): Promise<SavedCardView & { copiedFrom: { version: string; revision: number } }> {
  authorize(actor, "evidence.write");
  return transact(async (tx) => {
    const v = await findVersion(name, version, tx);
    authorize(actor, "evidence.write", modelSubject(v));
    const cur = await latest(v.versionId, tx);
    if (cur)
      throw new AppError(
        "card_exists",
        409,
        `Version ${version} of ${name} has a card already (revision ${cur.revision}); edit that one instead.`,
      );
    const [prev] = await tx
      .select({ version: modelVersions.version, row: cardRevisions })
      .from(cardRevisions)
      .innerJoin(modelVersions, eq(modelVersions.id, cardRevisions.versionId))
      .where(
        and(
          eq(modelVersions.modelId, v.modelId),
          sql`(${modelVersions.createdAt}, ${modelVersions.id}) < (${v.createdAt.toISOString()}::timestamptz, ${v.versionId})`,
        ),
      )
      .orderBy(desc(modelVersions.createdAt), desc(modelVersions.id), desc(cardRevisions.revision))
      .limit(1);
    if (!prev) throw new AppError("not_found", 404, `No earlier version of ${name} has a card to copy.`);
    const copiedFrom = { version: prev.version, revision: prev.row.revision };
    const saved = await writeRevision(
      actor,
      name,
      version,
      prev.row.content as ModelCard,
      { source: "copy", needsReview: true, action: "card.copied", audit: { copiedFrom } },
      tx,
    );
    return { ...saved, copiedFrom };
  });
}

/** Section-by-section differences between the latest cards of two versions of one model (a release against production). */
export async function diffVersionCards(actor: Actor, name: string, fromVersion: string, toVersion: string): Promise<CardDiffView | null> {
  authorize(actor, "inventory.read");
  const a = await findVersion(name, fromVersion);
  const b = await findVersion(name, toVersion);
  const ra = await revisionRow(name, fromVersion, a.versionId).catch(() => null);
  const rb = await revisionRow(name, toVersion, b.versionId).catch(() => null);
  if (!ra || !rb) return null;
  return {
    model: name,
    version: toVersion,
    from: revisionInfo(ra),
    to: revisionInfo(rb),
    sections: diffCards(ra.content as ModelCard, rb.content as ModelCard),
  };
}

import { z } from "zod";
import { parse } from "../api/validate";
import type { ErrorDetail } from "../errors";
import { appendBlock, deepEqual, deepMerge, isObject, leftovers, splitBlock } from "./carry";
import { normalizeCard } from "./content";
import { codec, defined, mapped, nonEmpty, type Obj, obj, str } from "./mct-codecs";
import { lenientMct } from "./mct-lenient";
import { MCT_SCHEMA_VERSION, MctImportCard, MctModelCard } from "./mct-schema";
import {
  CardDataset,
  CaveatsSection,
  DataSection,
  EthicalConsiderationsSection,
  FactorsSection,
  IntendedUseSection,
  MetricsSection,
  type ModelCard,
  ModelDetailsSection,
  QuantitativeAnalysesSection,
  SECTIONS,
  type SectionKey,
} from "./schemas";

/**
 * Our card ↔ Model Card Toolkit (MCT) v0.0.2 JSON.
 *
 * Fields with a counterpart map onto it:
 *   modelDetails.text ↔ model_details.overview          developers, contact ↔ model_details.owners (the first owner's contact
 *                                                        is the card's contact; other owners' read "Name <contact>")
 *   modelDetails.date ↔ model_details.version.date      license ↔ licenses[0] (SPDX-like → identifier, else custom_text)
 *   modelDetails.citation ↔ citations[0].citation       modelDetails.type ↔ model_parameters.model_architecture
 *   trainingData.datasets, evaluationData.datasets ↔ model_parameters.data (evaluation ones described "Evaluation data: …")
 *   intendedUse.primaryUsers ↔ considerations.users     intendedUse.primaryUses ↔ considerations.use_cases
 *   ethicalConsiderations.items ↔ considerations.ethical_considerations
 *   caveatsAndRecommendations.text ↔ considerations.limitations (a bullet list of several, or one)
 * Card fields MCT has no field for (factors, metrics, quantitative analyses, the other section texts, out-of-scope
 * uses) travel as a YAML block in model_details.documentation, MCT's free text about the model and its usage.
 * MCT fields the card has no field for (performance metrics, graphics, tradeoffs, references, formats, datasets with
 * sensitive-data notes, …) travel as a YAML block at the end of the nearest section's text. A mapping is only used
 * when it gives the MCT part back exactly; otherwise that part is carried as it was.
 *
 * So card → MCT → card gives the identical card, and MCT → card → MCT gives back every field the input had.
 */

export type MctMeta = { model?: string; version?: string };

const CARD_ONLY_LEAD = "Steward model card fields that the Model Card Toolkit has no field for:";
const CARD_ONLY_TAG = "steward-card";
const MCT_ONLY_LEAD = "Model Card Toolkit fields kept from the import (this card has no field for them):";
const MCT_ONLY_TAG = "mct";

const CardOnly = z.strictObject({
  intendedUse: IntendedUseSection.pick({ text: true, outOfScopeUses: true }).optional(),
  factors: FactorsSection.optional(),
  metrics: MetricsSection.optional(),
  evaluationData: DataSection.pick({ text: true }).optional(),
  trainingData: DataSection.pick({ text: true }).optional(),
  quantitativeAnalyses: QuantitativeAnalysesSection.optional(),
  ethicalConsiderations: EthicalConsiderationsSection.pick({ text: true }).optional(),
});
type CardOnly = z.infer<typeof CardOnly>;
const CARD_ONLY_FIELDS = Object.fromEntries(
  Object.entries(CardOnly.shape).map(([k, s]) => [k, Object.keys((s as z.ZodOptional<z.ZodObject>).unwrap().shape)]),
) as Record<keyof CardOnly, string[]>;

type Sections = Partial<Record<SectionKey, Record<string, unknown>>>;

function cardOnly(card: ModelCard): CardOnly | undefined {
  const out: Obj = {};
  for (const [section, fields] of Object.entries(CARD_ONLY_FIELDS)) {
    const s = obj(card[section as SectionKey]);
    const picked = nonEmpty(defined(Object.fromEntries(fields.map((f) => [f, s[f]]))));
    if (picked) out[section] = picked;
  }
  return nonEmpty(out) as CardOnly | undefined;
}

/** The MCT fields that have a card counterpart, plus the card-only block in documentation (after `documentation`). */
function encodeMapped(card: ModelCard, meta: MctMeta, documentation?: string) {
  const md = card.modelDetails ?? {};
  const cons = defined({
    users: card.intendedUse?.primaryUsers && codec.described.encode(card.intendedUse.primaryUsers),
    use_cases: card.intendedUse?.primaryUses && codec.described.encode(card.intendedUse.primaryUses),
    limitations: card.caveatsAndRecommendations?.text && codec.limitations.encode(card.caveatsAndRecommendations.text),
    ethical_considerations: card.ethicalConsiderations?.items && codec.risks.encode(card.ethicalConsiderations.items),
  });
  return defined({
    schema_version: MCT_SCHEMA_VERSION,
    model_details: nonEmpty(
      defined({
        name: meta.model,
        overview: md.text,
        documentation: appendBlock(documentation, CARD_ONLY_LEAD, CARD_ONLY_TAG, cardOnly(card)),
        owners: codec.owners.encode({ developers: md.developers, contact: md.contact }),
        version: nonEmpty(defined({ name: meta.version, date: md.date })),
        licenses: md.license ? codec.license.encode(md.license) : undefined,
        citations: md.citation ? codec.citation.encode(md.citation) : undefined,
      }),
    ),
    model_parameters: nonEmpty(
      defined({
        model_architecture: md.type,
        data: codec.data.encode({ training: card.trainingData?.datasets, evaluation: card.evaluationData?.datasets }),
      }),
    ),
    considerations: nonEmpty(cons),
  }) as MctModelCard;
}

/** Which section's text carries an MCT field the card has no field for: the nearest one. */
function sectionFor(path: [string, string?]): SectionKey {
  const [top, sub] = path;
  if (top === "model_parameters") return sub === "data" ? "trainingData" : "modelDetails";
  if (top === "quantitative_analysis") return "quantitativeAnalyses";
  if (top === "considerations") {
    if (sub === "users" || sub === "use_cases") return "intendedUse";
    if (sub === "ethical_considerations") return "ethicalConsiderations";
    return "caveatsAndRecommendations";
  }
  return "modelDetails";
}

function routeLeftovers(left: Obj | undefined): Sections {
  const out: Sections = {};
  const add = (section: SectionKey, value: Obj) => {
    out[section] = deepMerge(out[section] ?? {}, value) as Obj;
  };
  for (const [top, v] of Object.entries(left ?? {})) {
    if ((top === "model_parameters" || top === "considerations") && isObject(v)) {
      for (const [sub, x] of Object.entries(v)) add(sectionFor([top, sub]), { [top]: { [sub]: x } });
    } else add(sectionFor([top]), { [top]: v });
  }
  return out;
}

/** The card fields of an MCT card that map, and the card-only fields read back from its documentation. */
function decodeMapped(mct: Obj, withCardOnly: boolean): { card: ModelCard; documentation?: string } {
  const md = obj(mct.model_details);
  const mp = obj(mct.model_parameters);
  const cons = obj(mct.considerations);
  const S = ModelDetailsSection.shape;
  const owners = mapped(md.owners, codec.owners, z.object({ developers: S.developers, contact: S.contact }));
  const data = mapped(
    mp.data,
    codec.data,
    z.object({ training: z.array(CardDataset).max(200).optional(), evaluation: z.array(CardDataset).max(200).optional() }),
  );
  const card: Record<string, Obj> = {
    modelDetails: defined({
      text: mapped(md.overview, codec.text, S.text.unwrap()),
      developers: owners?.developers,
      contact: owners?.contact,
      date: mapped(obj(md.version).date, codec.text, S.date.unwrap()),
      type: mapped(mp.model_architecture, codec.text, S.type.unwrap()),
      license: mapped(md.licenses, codec.license, S.license.unwrap()),
      citation: mapped(md.citations, codec.citation, S.citation.unwrap()),
    }),
    intendedUse: defined({
      primaryUses: mapped(cons.use_cases, codec.described, IntendedUseSection.shape.primaryUses.unwrap()),
      primaryUsers: mapped(cons.users, codec.described, IntendedUseSection.shape.primaryUsers.unwrap()),
    }),
    trainingData: defined({ datasets: data?.training }),
    evaluationData: defined({ datasets: data?.evaluation }),
    ethicalConsiderations: defined({
      items: mapped(cons.ethical_considerations, codec.risks, EthicalConsiderationsSection.shape.items.unwrap()),
    }),
    caveatsAndRecommendations: defined({ text: mapped(cons.limitations, codec.limitations, CaveatsSection.shape.text.unwrap()) }),
  };
  let documentation = str(md.documentation);
  if (withCardOnly && documentation !== undefined) {
    const split = splitBlock(documentation, CARD_ONLY_LEAD, CARD_ONLY_TAG);
    const only = split && CardOnly.safeParse(split.data);
    if (split && only?.success) {
      for (const [section, fields] of Object.entries(only.data)) card[section] = { ...card[section], ...fields };
      documentation = split.body || undefined;
    }
  }
  return { card: normalizeCard(card as ModelCard), documentation };
}

/**
 * The parts of an MCT card compared to find what to carry: documentation was accounted for already, and the names
 * of the model and version being imported into (meta) stand in for the card's own, since the card now describes them.
 */
function comparable(m: Obj, meta: MctMeta): Obj {
  if (!isObject(m.model_details)) return m;
  const { documentation: _, ...md } = m.model_details;
  if (meta.model !== undefined && md.name !== undefined) md.name = meta.model;
  if (meta.version !== undefined && isObject(md.version) && md.version.name !== undefined)
    md.version = { ...md.version, name: meta.version };
  return { ...m, model_details: md };
}

/**
 * A Model Card Toolkit v0.0.2 card as our card: validated against the toolkit's schema first (400 naming the field),
 * then mapped section by section; what does not map is kept in the nearest section's text.
 * `meta` is the model and version being imported into: they replace the MCT card's model name and version name
 * (without meta those are carried like any other field).
 */
export function fromMct(input: unknown, meta: MctMeta = {}): ModelCard {
  return mapMct(parse(MctModelCard, input, "The Model Card Toolkit card") as Obj, meta);
}

/**
 * A card as the toolkit writes it, for an import: 0.0.1 upgraded, dates read when they read one way only, and dates
 * and links that do not fit the card's fields kept as written in the nearest section's text (mct-lenient.ts), each
 * named in `warnings` by its JSON path. Anything else that breaks the toolkit's schema is refused (400) as before.
 */
export function importMct(input: unknown, meta: MctMeta = {}): { card: ModelCard; warnings: ErrorDetail[] } {
  const { card, warnings } = lenientMct(input);
  return { card: mapMct(parse(MctImportCard, card, "The Model Card Toolkit card") as Obj, meta), warnings };
}

function mapMct(mct: Obj, meta: MctMeta): ModelCard {
  // The card-only block is used only if writing the card back reproduces it exactly.
  let decoded = decodeMapped(mct, true);
  let mappedOut = encodeMapped(decoded.card, meta, decoded.documentation) as Obj;
  if (obj(mappedOut.model_details).documentation !== obj(mct.model_details).documentation) {
    decoded = decodeMapped(mct, false);
    mappedOut = encodeMapped(decoded.card, meta) as Obj;
  }
  const left = leftovers(comparable(mct, meta), comparable(mappedOut, meta)) as Obj | undefined;
  const carried = routeLeftovers(left);
  if (decoded.documentation !== undefined)
    carried.modelDetails = deepMerge(carried.modelDetails ?? {}, { model_details: { documentation: decoded.documentation } }) as Obj;

  const card = structuredClone(decoded.card) as Record<string, Obj>;
  for (const { key } of SECTIONS) {
    const data = carried[key];
    if (!data || !Object.keys(data).length) continue;
    card[key] = { ...card[key], text: appendBlock(str(card[key]?.text), MCT_ONLY_LEAD, MCT_ONLY_TAG, data) };
  }
  return normalizeCard(card as ModelCard);
}

/** Read the MCT-only blocks back out of the section texts and lay them over the mapped fields; null if there are none. */
function encodeWithCarried(card: ModelCard, meta: MctMeta): MctModelCard | null {
  const stripped = structuredClone(card) as Record<string, Obj>;
  let carried: Obj = {};
  let any = false;
  for (const { key } of SECTIONS) {
    const text = str(stripped[key]?.text);
    const split = text === undefined ? null : splitBlock(text, MCT_ONLY_LEAD, MCT_ONLY_TAG);
    if (!split || !isObject(split.data)) continue;
    any = true;
    stripped[key] = { ...stripped[key], text: split.body };
    carried = deepMerge(carried, split.data) as Obj;
  }
  if (!any) return null;
  const md = obj(carried.model_details);
  const documentation = md.documentation;
  if (documentation !== undefined && typeof documentation !== "string") return null;
  const { documentation: _, ...mdRest } = md;
  const over = { ...carried, ...(isObject(carried.model_details) ? { model_details: mdRest } : {}) };
  const merged = deepMerge(encodeMapped(normalizeCard(stripped as ModelCard), meta, documentation), over);
  const valid = MctModelCard.safeParse(merged);
  return valid.success ? (merged as MctModelCard) : null;
}

/**
 * Our card as Model Card Toolkit v0.0.2 JSON (valid against the toolkit's schema). `meta` names the model and
 * version (model_details.name and version.name) unless the card carries names from an earlier import.
 */
export function toMct(card: ModelCard, meta: MctMeta = {}): MctModelCard {
  const c = normalizeCard(card);
  const withCarried = encodeWithCarried(c, meta);
  // A block someone edited by hand may no longer fit; then it stays text (in the card-only block) and nothing is lost.
  if (withCarried && deepEqual(fromMct(withCarried, meta), c)) return withCarried;
  return encodeMapped(c, meta);
}

// The vocabulary of controls and frameworks: which evidence Steward records, and the shape of a control library.
// Pure, so the library, the coverage maths and the pages share it without touching the store.
import { SECTIONS } from "../cards/schemas";

/** The kinds of evidence Steward records, each with its freshness rule (lib/controls/evidence.ts). */
export const EVIDENCE_KINDS = [
  "card",
  "bias_audit",
  "evaluation",
  "lineage",
  "data_quality",
  "slo",
  "monitoring_coverage",
  "approval",
  "review",
  "finding",
  "incident",
  "audit_trail",
  "risk_assessment",
] as const;
export type BaseKind = (typeof EVIDENCE_KINDS)[number];

/** A card section as named in lib/cards (`card.ethicalConsiderations`): the section must hold content. */
export const CARD_SECTION_KEYS = SECTIONS.map((s) => s.key);
export type CardSectionRef = `card.${(typeof CARD_SECTION_KEYS)[number]}`;
/** What a control maps to: an evidence kind, or a card section. */
export type EvidenceRef = BaseKind | CardSectionRef;

const KNOWN = new Set<string>([...EVIDENCE_KINDS, ...CARD_SECTION_KEYS.map((k) => `card.${k}`)]);
export const isEvidenceRef = (s: string): s is EvidenceRef => KNOWN.has(s);
export const ALL_EVIDENCE_REFS = [...KNOWN] as EvidenceRef[];

/** The evidence kind a reference belongs to (`card.metrics` → `card`). */
export const baseKind = (ref: EvidenceRef): BaseKind => (ref.startsWith("card.") ? "card" : (ref as BaseKind));

export type ControlDef = {
  /** The framework's own identifier (`Art. 9`, `GOVERN 1.1`, `A.6.2.4`) or ours where it has none (`SR11-7.V.1`). */
  readonly id: string;
  /** A short title in our own words (never the framework's text). */
  readonly title: string;
  /** A grouping for display: the function, the annex clause, the section. */
  readonly group: string;
  readonly evidence: readonly EvidenceRef[];
};

export type FrameworkDef = {
  /** Stable slug used in URLs and the API (`eu-ai-act`). */
  readonly id: string;
  readonly title: string;
  readonly version: string;
  readonly source: string;
  readonly controls: readonly ControlDef[];
};

/** Evidence of one kind for one model: found, stale (there, but too old or of another version) or missing. */
export type EvidenceStatus = "found" | "stale" | "missing";
export type EvidenceItem = {
  readonly ref: EvidenceRef;
  readonly status: EvidenceStatus;
  /** Why, in a sentence: what was found, or what is missing or too old. */
  readonly reason: string;
  /** Where to see it (or where it would be recorded); null when there is no page. */
  readonly href: string | null;
  /** When the evidence was recorded, when there is one. */
  readonly at: string | null;
};

// Folds records (or pre-counted rows) into per-group confusion counts, for each sensitive attribute and each
// pair of them. Memory grows with the number of groups, never with the number of records, so a 5-million-line
// stream costs the same as a thousand records. Pure.
import { badRequest } from "../errors";
import { type Confusion, emptyConfusion } from "./rates";

export type Label = string | number | boolean;
export type AttributeValue = string | number | boolean;
export type AuditRecord = { label: Label; prediction: Label; score?: number | null; attributes: Record<string, AttributeValue> };
export type CountRow = { attributes: Record<string, AttributeValue>; tp: number; fp: number; tn: number; fn: number };

/** A sensitive attribute is categorical: more groups than this is almost certainly an id column sent by mistake. */
export const MAX_GROUPS_PER_ATTRIBUTE = 1000;
export const MAX_GROUPS_PER_PAIR = 5000;

export const PAIR_JOIN = " × ";
export const pairName = (a: string, b: string) => `${a}${PAIR_JOIN}${b}`;

export type GroupCounts = {
  /** The group's name: the attribute's value, or for a pair the two values joined by " × ". */
  group: string;
  /** Each attribute's value for this group (one entry for an attribute, two for a pair). */
  values: Record<string, string>;
  counts: Confusion;
};

export type Folded = {
  attributes: string[];
  /** attribute → group → counts */
  singles: Map<string, Map<string, GroupCounts>>;
  /** "a × b" → group key → counts, for every pair of attributes in the order given */
  pairs: Map<string, Map<string, GroupCounts>>;
  /** Records folded (for count rows: the sum of their counts). */
  records: number;
};

/** Labels compare as text, so 1, 1.0 and "1" all match a positiveLabel of 1. */
export const labelKey = (v: Label) => String(v);

type Cell = "tp" | "fp" | "tn" | "fn";

export class CountFolder {
  private readonly singles: Map<string, GroupCounts>[];
  private readonly pairs: { a: number; b: number; name: string; groups: Map<string, GroupCounts> }[] = [];
  private readonly positive: string;
  private readonly values: string[];
  records = 0;

  constructor(
    readonly attributes: string[],
    positiveLabel: Label,
    withPairs = true,
  ) {
    this.positive = labelKey(positiveLabel);
    this.singles = attributes.map(() => new Map());
    this.values = attributes.map(() => "");
    if (withPairs)
      for (let a = 0; a < attributes.length; a++)
        for (let b = a + 1; b < attributes.length; b++)
          this.pairs.push({ a, b, name: pairName(attributes[a], attributes[b]), groups: new Map() });
  }

  /** Add one record; `path` names it in errors (e.g. "records[17]"). */
  addRecord(r: AuditRecord, path: string): void {
    const actual = labelKey(r.label) === this.positive;
    const predicted = labelKey(r.prediction) === this.positive;
    const cell: Cell = predicted ? (actual ? "tp" : "fp") : actual ? "fn" : "tn";
    this.readValues(r.attributes, path);
    this.bump(cell, 1, path);
    this.records++;
  }

  /** Add one pre-counted row. */
  addCounts(row: CountRow, path: string): void {
    this.readValues(row.attributes, path);
    // A row of zeros still names a group: it is reported as empty rather than silently dropped.
    this.bump("tp", row.tp, path);
    this.bump("fp", row.fp, path);
    this.bump("tn", row.tn, path);
    this.bump("fn", row.fn, path);
    this.records += row.tp + row.fp + row.tn + row.fn;
  }

  private readValues(attrs: Record<string, AttributeValue>, path: string) {
    for (let i = 0; i < this.attributes.length; i++) {
      const name = this.attributes[i];
      const v = Object.hasOwn(attrs, name) ? attrs[name] : undefined;
      if (v === undefined || v === null || v === "")
        throw badRequest(`${path}.attributes.${name} is missing: every record needs a value for each sensitive attribute.`, [
          { path: `${path}.attributes.${name}`, message: "is missing; give a value for each sensitive attribute" },
        ]);
      this.values[i] = String(v);
    }
  }

  private bump(cell: Cell, by: number, path: string) {
    for (let i = 0; i < this.attributes.length; i++) {
      const g = group(
        this.singles[i],
        this.values[i],
        () => ({ [this.attributes[i]]: this.values[i] }),
        MAX_GROUPS_PER_ATTRIBUTE,
        this.attributes[i],
        path,
      );
      g.counts[cell] += by;
    }
    for (const p of this.pairs) {
      const va = this.values[p.a];
      const vb = this.values[p.b];
      // JSON keeps two values apart even when one of them contains " × ".
      const key = JSON.stringify([va, vb]);
      let g = p.groups.get(key);
      if (!g) {
        if (p.groups.size >= MAX_GROUPS_PER_PAIR) throw tooManyGroups(p.name, MAX_GROUPS_PER_PAIR, path);
        g = { group: pairName(va, vb), values: { [this.attributes[p.a]]: va, [this.attributes[p.b]]: vb }, counts: emptyConfusion() };
        p.groups.set(key, g);
      }
      g.counts[cell] += by;
    }
  }

  result(): Folded {
    return {
      attributes: this.attributes,
      singles: new Map(this.attributes.map((a, i) => [a, this.singles[i]])),
      pairs: new Map(this.pairs.map((p) => [p.name, p.groups])),
      records: this.records,
    };
  }
}

function tooManyGroups(attribute: string, max: number, path: string) {
  return badRequest(
    `${attribute} has more than ${max} distinct groups by ${path}; a sensitive attribute must be categorical (bin ages, drop ids).`,
    [{ path: `${path}.attributes`, message: `${attribute} has more than ${max} groups` }],
  );
}

function group(
  map: Map<string, GroupCounts>,
  value: string,
  values: () => Record<string, string>,
  max: number,
  attribute: string,
  path: string,
): GroupCounts {
  let g = map.get(value);
  if (!g) {
    if (map.size >= max) throw tooManyGroups(attribute, max, path);
    g = { group: value, values: values(), counts: emptyConfusion() };
    map.set(value, g);
  }
  return g;
}

import type { z } from "zod";
import { deepEqual, isObject } from "./carry";
import { hasContent, prune } from "./content";
import type { CardDataset, EthicalConsideration } from "./schemas";

/**
 * "Dana Whitfield <dana@acme.example>" → its name and contact (/^(.*\S) <([^<>\s]+)>$/ by hand, without the regex's
 * backtracking over the caller's text): the contact is after the last "<", which a space precedes.
 */
export function nameAndContact(d: string): { name: string; contact: string } | null {
  const lt = d.lastIndexOf("<");
  if (lt < 2 || d[lt - 1] !== " " || !d.endsWith(">")) return null;
  const name = d.slice(0, lt - 1);
  const contact = d.slice(lt + 1, -1);
  if (!contact || /[>\s]/.test(contact) || name.trimEnd() !== name || /[\n\r\u2028\u2029]/.test(name)) return null;
  return { name, contact };
}

/**
 * The field-by-field mappings between our card and Model Card Toolkit JSON (see mct.ts). Each codec maps one MCT
 * field onto card fields and back; a field is mapped only when encode(decode(x)) gives x back exactly.
 */

export type Obj = Record<string, unknown>;

export const obj = (v: unknown): Obj => (isObject(v) ? v : {});
export const str = (v: unknown) => (typeof v === "string" ? v : undefined);
const strs = (v: unknown) => (Array.isArray(v) ? v.map((x) => (isObject(x) ? x.description : undefined)) : undefined);
/** Only the keys whose value is defined, so encoders never emit `undefined`. */
export const defined = (o: Obj): Obj => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
export const nonEmpty = (o: Obj) => (Object.keys(o).length ? o : undefined);

// An SPDX identifier ("Apache-2.0", "LicenseRef-acme") or MCT's "proprietary"; anything else is custom text.
const SPDX_LIKE = /^[A-Za-z0-9][A-Za-z0-9.+-]{0,63}$/;

// One line with no blank at either end: such items read back from "- item" lines exactly.
const BULLET_ITEM = /^\S(?:[^\n]*\S)?$/;

// MCT keeps training and evaluation datasets in one list; evaluation ones are marked in their description, as MCT
// suggests ("whether it's used for training, testing, or validation"). A training description that would read as
// marked is escaped with "Training data: ", so every description comes back as written.
const EVAL = "Evaluation data";
const EVAL_PREFIX = `${EVAL}: `;
const TRAIN_PREFIX = "Training data: ";
const isEvalMarked = (d: string) => d === EVAL || d.startsWith(EVAL_PREFIX);
const needsEscape = (d: string): boolean =>
  isEvalMarked(d) ||
  (d.startsWith(TRAIN_PREFIX) && (isEvalMarked(d.slice(TRAIN_PREFIX.length)) || d.slice(TRAIN_PREFIX.length).startsWith(TRAIN_PREFIX)));

/** Each pair maps one MCT field onto card fields and back; `encode(decode(x))` must give x for x to be mapped. */
export const codec = {
  text: { decode: str, encode: (s: string) => s },
  owners: {
    // The first owner's contact is the card's contact; other owners' contacts ride along as "Name <contact>".
    decode(v: unknown) {
      if (!Array.isArray(v) || !v.length) return undefined;
      const developers: string[] = [];
      let contact: string | undefined;
      for (const [i, o] of v.map(obj).entries()) {
        const name = str(o.name);
        const c = str(o.contact);
        if (i === 0) {
          contact = c;
          if (name !== undefined) developers.push(name);
        } else if (name === undefined) return undefined;
        else developers.push(c === undefined ? name : `${name} <${c}>`);
      }
      return { developers: developers.length ? developers : undefined, contact };
    },
    encode({ developers = [], contact }: { developers?: string[]; contact?: string }) {
      if (!developers.length && !contact) return undefined;
      const owners: Obj[] = developers.map((d, i) => {
        const m = i > 0 ? nameAndContact(d) : null;
        return m ? { name: m.name, contact: m.contact } : { name: d };
      });
      if (contact && owners.length) owners[0] = { ...owners[0], contact };
      else if (contact) owners.push({ contact });
      return owners;
    },
  },
  license: {
    decode: (v: unknown) => (Array.isArray(v) && v.length === 1 ? (str(obj(v[0]).identifier) ?? str(obj(v[0]).custom_text)) : undefined),
    encode: (l: string) => [SPDX_LIKE.test(l) ? { identifier: l } : { custom_text: l }],
  },
  citation: {
    decode: (v: unknown) => (Array.isArray(v) && v.length === 1 ? str(obj(v[0]).citation) : undefined),
    encode: (c: string) => [{ citation: c }],
  },
  described: {
    decode: strs,
    encode: (items: string[]) => items.map((description) => ({ description })),
  },
  // Several limitations read as a bullet list, one as its text; a text that is not such a list is one limitation.
  limitations: {
    decode(v: unknown) {
      if (!Array.isArray(v) || !v.length) return undefined;
      const items = v.map((x) => str(obj(x).description));
      if (items.length === 1) return items[0];
      return items.every((d) => d !== undefined && BULLET_ITEM.test(d)) ? items.map((d) => `- ${d}`).join("\n") : undefined;
    },
    encode(text: string) {
      const lines = text.split("\n");
      const list = lines.length > 1 && lines.every((l) => l.startsWith("- ") && BULLET_ITEM.test(l.slice(2)));
      return list ? lines.map((l) => ({ description: l.slice(2) })) : [{ description: text }];
    },
  },
  risks: {
    decode: (v: unknown) =>
      Array.isArray(v) ? v.map((r) => defined({ name: str(obj(r).name), mitigation: str(obj(r).mitigation_strategy) })) : undefined,
    encode: (items: z.infer<typeof EthicalConsideration>[]) =>
      items.map((i) => defined({ name: i.name, mitigation_strategy: i.mitigation })),
  },
  data: {
    decode(v: unknown) {
      if (!Array.isArray(v)) return undefined;
      const training: Obj[] = [];
      const evaluation: Obj[] = [];
      for (const d of v) {
        const o = obj(d);
        const desc = str(o.description);
        const base = { name: str(o.name), link: str(o.link) };
        if (desc === EVAL) evaluation.push(defined(base));
        else if (desc?.startsWith(EVAL_PREFIX)) evaluation.push(defined({ ...base, description: desc.slice(EVAL_PREFIX.length) }));
        else if (desc?.startsWith(TRAIN_PREFIX) && needsEscape(desc.slice(TRAIN_PREFIX.length)))
          training.push(defined({ ...base, description: desc.slice(TRAIN_PREFIX.length) }));
        else training.push(defined({ ...base, description: desc }));
      }
      return { training: training.length ? training : undefined, evaluation: evaluation.length ? evaluation : undefined };
    },
    encode({ training = [], evaluation = [] }: { training?: CardDataset[]; evaluation?: CardDataset[] }) {
      const out = [
        ...training.map((d) =>
          defined({
            name: d.name,
            link: d.link,
            description: d.description && needsEscape(d.description) ? TRAIN_PREFIX + d.description : d.description,
          }),
        ),
        ...evaluation.map((d) => defined({ name: d.name, link: d.link, description: d.description ? EVAL_PREFIX + d.description : EVAL })),
      ];
      return out.length ? out : undefined;
    },
  },
};

/**
 * Map one MCT part onto card fields only if it comes back exactly; otherwise it is left for the carried block.
 * The decoded value must also be a valid card value (lengths, URIs, dates).
 */
export function mapped<T>(
  part: unknown,
  c: { decode: (p: unknown) => unknown; encode: (t: T) => unknown },
  schema: z.ZodType<T>,
): T | undefined {
  if (part === undefined) return undefined;
  const raw = c.decode(part);
  if (!hasContent(raw)) return undefined;
  const t = prune(raw);
  if (!schema.safeParse(t).success) return undefined;
  return deepEqual(c.encode(t as T), part) ? (t as T) : undefined;
}

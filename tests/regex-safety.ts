// A small, conservative checker for regular expressions that can take more than linear time in a backtracking engine
// (V8's irregexp): no package in node_modules does this (safe-regex, recheck and regexp-tree are absent, and helpers
// install nothing), so it is written here. It parses a pattern into atoms and reports:
//
//  - nested: an unbounded quantifier over something that is itself unbounded, or over alternatives that can start
//    with the same character: (a+)+, (.*)*, (a|ab)*. Exponential.
//  - overlap: two unbounded atoms in sequence that can take the same characters, with only atoms between them that
//    either can match nothing or share characters with them, and something after them that can fail: \s*.*$,
//    (.*?)\s*$, .*x.*y. Polynomial: every way of splitting a run between the two is tried.
//  - an unanchored pattern is searched from every position, so it is read as if preceded by [\s\S]*?: /\s+$/ and
//    /a+b/ are quadratic on a long run of spaces or a's that does not end as the pattern needs.
//
// Conservative: it may flag a pattern that is in fact linear (say /\n\s*\n/, since the second \n must end the run);
// those are rewritten, or listed with the reason in the scan's allow-list. Character sets are compared on a sample
// alphabet (ASCII and a few others: no-break and ideographic spaces, U+2028, U+FEFF, é, 中), which is enough to tell
// \s from \S, \w from #, and [^*] from *.

const SAMPLE: number[] = [...Array.from({ length: 128 }, (_, i) => i), 0xa0, 0x1680, 0x2028, 0x2029, 0x3000, 0xfeff, 0xe9, 0x4e2d];
const N = SAMPLE.length;
type CharSet = boolean[];

const setOf = (pred: (c: string) => boolean): CharSet => SAMPLE.map((cp) => pred(String.fromCodePoint(cp)));
const none = (): CharSet => new Array(N).fill(false);
const union = (a: CharSet, b: CharSet): CharSet => a.map((x, i) => x || b[i]);
const meets = (a: CharSet, b: CharSet) => a.some((x, i) => x && b[i]);
const invert = (a: CharSet): CharSet => a.map((x) => !x);

const SPACE = setOf((c) => c.trim() === "");
const DIGIT = setOf((c) => c >= "0" && c <= "9");
const WORD = setOf((c) => /^[A-Za-z0-9_]$/.test(c));
const TERMINATOR = setOf((c) => c === "\n" || c === "\r" || c === "\u2028" || c === "\u2029");
const ALL = setOf(() => true);

type Atom =
  | { kind: "set"; set: CharSet }
  | { kind: "seq"; items: Atom[] }
  | { kind: "alt"; alts: Atom[] }
  | { kind: "group"; body: Atom }
  | { kind: "look"; body: Atom }
  | { kind: "quant"; body: Atom; min: number; max: number }
  | { kind: "start" | "end" | "boundary" | "backref" };

export type Finding = { rule: "nested" | "overlap" | "dynamic" | "syntax"; detail: string };

class Parser {
  i = 0;
  constructor(
    readonly src: string,
    readonly flags: string,
  ) {}
  private peek() {
    return this.src[this.i];
  }
  private literal(c: string): CharSet {
    const ci = this.flags.includes("i");
    return setOf((x) => x === c || (ci && x.toLowerCase() === c.toLowerCase()));
  }
  parse(): Atom {
    const a = this.alternation();
    if (this.i < this.src.length) throw new Error(`unexpected ${this.peek()} at ${this.i}`);
    return a;
  }
  private alternation(): Atom {
    const alts = [this.sequence()];
    while (this.peek() === "|") {
      this.i++;
      alts.push(this.sequence());
    }
    return alts.length === 1 ? alts[0] : { kind: "alt", alts };
  }
  private sequence(): Atom {
    const items: Atom[] = [];
    while (this.i < this.src.length && this.peek() !== "|" && this.peek() !== ")") items.push(this.quantified());
    return { kind: "seq", items };
  }
  private quantified(): Atom {
    const atom = this.atom();
    const c = this.peek();
    let min: number;
    let max: number;
    if (c === "*") [min, max] = [0, Number.POSITIVE_INFINITY];
    else if (c === "+") [min, max] = [1, Number.POSITIVE_INFINITY];
    else if (c === "?") [min, max] = [0, 1];
    else if (c === "{") {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(this.src.slice(this.i));
      if (!m) return atom; // a literal "{"
      min = Number(m[1]);
      max = m[2] === undefined ? min : m[3] === "" ? Number.POSITIVE_INFINITY : Number(m[3]);
      this.i += m[0].length - 1;
    } else return atom;
    this.i++;
    if (this.peek() === "?") this.i++; // lazy: the same backtracking, in another order
    return { kind: "quant", body: atom, min, max };
  }
  private atom(): Atom {
    const c = this.src[this.i++];
    if (c === "(") {
      let look = false;
      if (this.src.startsWith("?:", this.i)) this.i += 2;
      else if (this.src.startsWith("?=", this.i) || this.src.startsWith("?!", this.i)) [this.i, look] = [this.i + 2, true];
      else if (this.src.startsWith("?<=", this.i) || this.src.startsWith("?<!", this.i)) [this.i, look] = [this.i + 3, true];
      else if (this.src.startsWith("?<", this.i)) this.i = this.src.indexOf(">", this.i) + 1;
      const body = this.alternation();
      if (this.src[this.i++] !== ")") throw new Error("unclosed group");
      return look ? { kind: "look", body } : { kind: "group", body };
    }
    if (c === "[") return { kind: "set", set: this.charClass() };
    if (c === ".") return { kind: "set", set: this.flags.includes("s") ? ALL : invert(TERMINATOR) };
    if (c === "^") return { kind: "start" };
    if (c === "$") return { kind: "end" };
    if (c === "\\") return this.escape(false) as Atom;
    return { kind: "set", set: this.literal(c) };
  }
  /** After a backslash: a set, or (outside classes) an assertion or back-reference. */
  private escape(inClass: boolean): Atom | CharSet {
    const c = this.src[this.i++];
    const wrap = (set: CharSet): Atom | CharSet => (inClass ? set : { kind: "set", set });
    switch (c) {
      case "d":
        return wrap(DIGIT);
      case "D":
        return wrap(invert(DIGIT));
      case "w":
        return wrap(WORD);
      case "W":
        return wrap(invert(WORD));
      case "s":
        return wrap(SPACE);
      case "S":
        return wrap(invert(SPACE));
      case "n":
        return wrap(this.literal("\n"));
      case "r":
        return wrap(this.literal("\r"));
      case "t":
        return wrap(this.literal("\t"));
      case "v":
        return wrap(this.literal("\v"));
      case "f":
        return wrap(this.literal("\f"));
      case "0":
        return wrap(this.literal("\0"));
      case "x": {
        const cp = Number.parseInt(this.src.slice(this.i, this.i + 2), 16);
        this.i += 2;
        return wrap(this.literal(String.fromCodePoint(cp)));
      }
      case "u": {
        let hex: string;
        if (this.peek() === "{") {
          const end = this.src.indexOf("}", this.i);
          hex = this.src.slice(this.i + 1, end);
          this.i = end + 1;
        } else {
          hex = this.src.slice(this.i, this.i + 4);
          this.i += 4;
        }
        return wrap(this.literal(String.fromCodePoint(Number.parseInt(hex, 16))));
      }
      case "p":
      case "P": {
        this.i = this.src.indexOf("}", this.i) + 1;
        return wrap(ALL);
      }
      case "c":
        this.i++;
        return wrap(ALL);
      case "b":
        return inClass ? this.literal("\b") : { kind: "boundary" };
      case "B":
        return inClass ? ALL : { kind: "boundary" };
      case "k":
        this.i = this.src.indexOf(">", this.i) + 1;
        return inClass ? ALL : { kind: "backref" };
      default:
        if (c >= "1" && c <= "9") {
          while (this.peek() >= "0" && this.peek() <= "9") this.i++;
          return inClass ? ALL : { kind: "backref" };
        }
        return wrap(this.literal(c));
    }
  }
  private charClass(): CharSet {
    let negate = false;
    if (this.peek() === "^") {
      negate = true;
      this.i++;
    }
    let set = none();
    while (this.i < this.src.length && this.peek() !== "]") {
      const one = (): { set: CharSet; ch: string | null } => {
        const c = this.src[this.i++];
        if (c === "\\") {
          const before = this.i;
          const s = this.escape(true) as CharSet;
          const esc = this.src.slice(before, this.i);
          const single = esc.length === 1 && !"dDwWsSpP".includes(esc) ? esc : null;
          const ch =
            single === null
              ? null
              : (({ n: "\n", r: "\r", t: "\t", v: "\v", f: "\f", b: "\b", "0": "\0" } as Record<string, string>)[single] ?? single);
          return { set: s, ch };
        }
        return { set: this.literal(c), ch: c };
      };
      const lo = one();
      if (this.peek() === "-" && this.src[this.i + 1] !== "]" && this.i + 1 < this.src.length) {
        this.i++;
        const hi = one();
        if (lo.ch !== null && hi.ch !== null) {
          const a = lo.ch.codePointAt(0) as number;
          const b = hi.ch.codePointAt(0) as number;
          const ci = this.flags.includes("i");
          set = union(
            set,
            setOf((x) => {
              const cp = x.codePointAt(0) as number;
              if (cp >= a && cp <= b) return true;
              if (!ci) return false;
              const l = x.toLowerCase().codePointAt(0) as number;
              const u = x.toUpperCase().codePointAt(0) as number;
              return (l >= a && l <= b) || (u >= a && u <= b);
            }),
          );
        } else set = union(union(set, lo.set), union(hi.set, this.literal("-")));
      } else set = union(set, lo.set);
    }
    if (this.src[this.i++] !== "]") throw new Error("unclosed class");
    return negate ? invert(set) : set;
  }
}

// Properties of atoms.
const charsOf = (a: Atom): CharSet => {
  switch (a.kind) {
    case "set":
      return a.set;
    case "seq":
      return a.items.reduce((s, x) => union(s, charsOf(x)), none());
    case "alt":
      return a.alts.reduce((s, x) => union(s, charsOf(x)), none());
    case "group":
    case "quant":
      return charsOf(a.body);
    case "backref":
      return ALL;
    default:
      return none();
  }
};
const nullable = (a: Atom): boolean => {
  switch (a.kind) {
    case "set":
      return false;
    case "seq":
      return a.items.every(nullable);
    case "alt":
      return a.alts.some(nullable);
    case "group":
      return nullable(a.body);
    case "quant":
      return a.min === 0 || nullable(a.body);
    default:
      return true; // assertions and back-references may match nothing
  }
};
const unbounded = (a: Atom): boolean => {
  switch (a.kind) {
    case "seq":
      return a.items.some(unbounded);
    case "alt":
      return a.alts.some(unbounded);
    case "group":
      return unbounded(a.body);
    case "quant":
      return (a.max === Number.POSITIVE_INFINITY && !isEmpty(a.body)) || unbounded(a.body);
    case "backref":
      return true;
    default:
      return false;
  }
};
const isEmpty = (a: Atom): boolean => !charsOf(a).some(Boolean);
/** Whether the atom can fail where it is tried (a quantifier with min 0 always succeeds, at worst empty). */
const canFail = (a: Atom): boolean => {
  switch (a.kind) {
    case "set":
    case "start":
    case "end":
    case "boundary":
    case "look":
    case "backref":
      return true;
    case "seq":
      return a.items.some(canFail);
    case "alt":
      return a.alts.every(canFail);
    case "group":
      return canFail(a.body);
    case "quant":
      return a.min > 0 && canFail(a.body);
  }
};
/** The first characters an atom can take. */
const firstOf = (a: Atom): CharSet => {
  switch (a.kind) {
    case "set":
      return a.set;
    case "seq": {
      let s = none();
      for (const x of a.items) {
        s = union(s, firstOf(x));
        if (!nullable(x)) break;
      }
      return s;
    }
    case "alt":
      return a.alts.reduce((s, x) => union(s, firstOf(x)), none());
    case "group":
    case "quant":
      return firstOf(a.body);
    case "backref":
      return ALL;
    default:
      return none();
  }
};
const alternativesOf = (a: Atom): Atom[] | null =>
  a.kind === "alt"
    ? a.alts
    : a.kind === "group"
      ? alternativesOf(a.body)
      : a.kind === "seq" && a.items.length === 1
        ? alternativesOf(a.items[0])
        : null;
const itemsOf = (a: Atom): Atom[] => (a.kind === "seq" ? a.items : a.kind === "group" ? itemsOf(a.body) : [a]);

/** Paths through a pattern with non-quantified groups inlined and their alternatives spread (capped). */
type Step = { atom: Atom; chars: CharSet; first: CharSet; unbounded: boolean; nullable: boolean; canFail: boolean; pin: boolean };
/** Atoms of an optional part spread into a path: the engine can always take the path without them instead. */
const optional = new WeakSet<Atom>();
const stepOf = (atom: Atom): Step => ({
  atom,
  chars: charsOf(atom),
  first: firstOf(atom),
  unbounded: unbounded(atom),
  nullable: nullable(atom),
  canFail: canFail(atom) && !optional.has(atom),
  pin: atom.kind === "start" || atom.kind === "end",
});
function paths(a: Atom, cap = 256): Atom[][] {
  switch (a.kind) {
    case "seq": {
      let out: Atom[][] = [[]];
      for (const x of a.items) {
        const sub = paths(x, cap);
        if (out.length * sub.length > cap) out = out.map((p) => [...p, x]);
        else out = out.flatMap((p) => sub.map((s) => [...p, ...s]));
      }
      return out;
    }
    case "alt":
      return a.alts.length > cap ? [[a]] : a.alts.flatMap((x) => paths(x, cap));
    case "group":
      return paths(a.body, cap);
    case "quant":
      // an optional part: the paths without it and through it
      if (a.max === 1) {
        const through = paths(a.body, cap);
        if (a.min === 0) for (const p of through) for (const x of p) optional.add(x);
        return [...(a.min === 0 ? [[]] : []), ...through];
      }
      return [[a]];
    default:
      return [[a]];
  }
}

function checkNested(a: Atom, out: Finding[]) {
  const visit = (x: Atom) => {
    if (x.kind === "quant" && x.max === Number.POSITIVE_INFINITY) {
      // An unbounded part of the body that can end an iteration and take what starts the next one: (a+)+, (\w+\s?)*.
      // (\/[^/]*)* is fine: an iteration starts with what the run inside cannot take.
      const items = itemsOf(x.body);
      const first = firstOf(x.body);
      items.forEach((item, k) => {
        if (unbounded(item) && items.slice(k + 1).every(nullable) && meets(charsOf(item), first))
          out.push({ rule: "nested", detail: "an unbounded quantifier over an unbounded part that can run into the next iteration" });
      });
      const alts = alternativesOf(x.body);
      if (alts)
        for (let i = 0; i < alts.length; i++)
          for (let j = i + 1; j < alts.length; j++)
            if (meets(firstOf(alts[i]), firstOf(alts[j])))
              out.push({ rule: "nested", detail: "an unbounded quantifier over alternatives that start alike" });
    }
    if (x.kind === "seq") x.items.forEach(visit);
    else if (x.kind === "alt") x.alts.forEach(visit);
    else if (x.kind === "group" || x.kind === "quant" || x.kind === "look") visit(x.body);
  };
  visit(a);
}

function checkOverlap(a: Atom, flags: string, searched: boolean, out: Finding[]) {
  for (const path of paths(a)) {
    let steps = path.map((x) => stepOf(x));
    const caret = steps[0]?.atom.kind === "start";
    const anchored = !searched || flags.includes("y") || (caret && !flags.includes("m"));
    // Searched from every position: an implicit [\s\S]*? in front; for ^ with the m flag, one that ends in a newline.
    let prefix: Step | null = null;
    if (!anchored) {
      prefix = { ...stepOf({ kind: "set", set: ALL }), unbounded: true, canFail: false };
      if (caret) {
        prefix.chars = setOf((c) => c === "\n");
        steps = steps.slice(1);
      }
    }
    const all = prefix ? [prefix, ...steps] : steps;
    for (let i = 0; i < all.length; i++) {
      if (!all[i].unbounded) continue;
      for (let j = i + 1; j < all.length; j++) {
        const between = all.slice(i + 1, j);
        if (between.some((s) => s.pin)) break;
        if (!all[j].unbounded) continue;
        // j must be able to start on what i can take (or the split between them is forced)
        if (!meets(all[i].chars, all[j].first)) continue;
        const reach = all[i] === prefix ? all[j].chars : union(all[i].chars, all[j].chars);
        if (!between.every((s) => s.nullable || s.atom.kind === "boundary" || s.atom.kind === "look" || meets(s.chars, reach))) continue;
        if (!all.slice(j + 1).some((s) => s.canFail)) continue;
        out.push({
          rule: "overlap",
          detail: `${all[i] === prefix ? "the search from every position" : `atom ${i}`} and atom ${j} can take the same characters, and what follows can fail`,
        });
      }
    }
  }
  // Quantified groups and lookarounds: their insides, as patterns of their own (tried at a fixed place).
  const visit = (x: Atom, top: boolean) => {
    if (!top && (x.kind === "quant" || x.kind === "look") && x.body.kind !== "set") checkOverlap(x.body, flags, false, out);
    if (x.kind === "seq") for (const y of x.items) visit(y, false);
    else if (x.kind === "alt") for (const y of x.alts) visit(y, false);
    else if (x.kind === "group") visit(x.body, false);
  };
  visit(a, true);
}

/** The findings for one pattern; none means it runs in linear time by these rules. */
export function checkRegex(source: string, flags = ""): Finding[] {
  let ast: Atom;
  try {
    ast = new Parser(source, flags).parse();
  } catch (e) {
    return [{ rule: "syntax", detail: (e as Error).message }];
  }
  const out: Finding[] = [];
  checkNested(ast, out);
  checkOverlap(ast, flags, true, out);
  const seen = new Set<string>();
  return out.filter((f) => !seen.has(f.detail) && seen.add(f.detail));
}

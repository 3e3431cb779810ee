// The Merkle tree of RFC 9162 (Certificate Transparency v2, as RFC 6962 before it), pure: leaf and node hashes, the
// tree head, inclusion and consistency proofs, and their verifiers. No database here: proofs are planned as lists of
// complete subtrees (a node at level L, index i covers leaves [i·2^L, (i+1)·2^L)), which a store of those nodes
// (lib/audit/tree.ts, table audit_tree) or an in-memory tree answers, O(log n) of them for any size and any proof.
import { createHash } from "node:crypto";

export const HASH_BYTES = 32;

const sha256 = (...parts: Uint8Array[]): Buffer => {
  const h = createHash("sha256");
  for (const p of parts) h.update(p);
  return h.digest();
};
const LEAF = Buffer.from([0]);
const NODE = Buffer.from([1]);

/** MTH({d}) = SHA-256(0x00 ‖ d). */
export const leafHash = (input: Uint8Array | string): Buffer =>
  sha256(LEAF, typeof input === "string" ? Buffer.from(input, "utf8") : input);
/** MTH(D[n]) of two halves = SHA-256(0x01 ‖ left ‖ right). */
export const nodeHash = (left: Uint8Array, right: Uint8Array): Buffer => sha256(NODE, left, right);
/** MTH({}) = SHA-256() */
export const EMPTY_ROOT: Buffer = sha256();

/** A complete subtree: level L, index i covers leaves [i·2^L, (i+1)·2^L). */
export type NodeId = { level: number; index: number };
export const nodeKey = (n: NodeId) => `${n.level}/${n.index}`;

/** The largest power of two smaller than n (n ≥ 2): RFC 9162's k. */
function split(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/**
 * The complete subtrees that make up leaves [start, end), left to right. For the ranges the RFC's recursion visits
 * (start a multiple of a power of two at least end - start), they are the binary decomposition of end - start,
 * largest first, and the range's MTH is their fold from the right (foldRange).
 */
export function rangeNodes(start: number, end: number): NodeId[] {
  const out: NodeId[] = [];
  let a = start;
  while (a < end) {
    let size = 1;
    let level = 0;
    while (a % (size * 2) === 0 && a + size * 2 <= end) {
      size *= 2;
      level++;
    }
    out.push({ level, index: a / size });
    a += size;
  }
  return out;
}

/** MTH of a range from its complete subtrees (rangeNodes order): node(h1, node(h2, … node(h[k-1], h[k]))). */
export function foldRange(hashes: Buffer[]): Buffer {
  if (!hashes.length) return EMPTY_ROOT;
  let h = hashes[hashes.length - 1];
  for (let i = hashes.length - 2; i >= 0; i--) h = nodeHash(hashes[i], h);
  return h;
}

/** A leaf range [start, end) whose MTH is one element of a proof. */
export type Range = [start: number, end: number];

/** RFC 9162 §2.1.3.1 PATH(m, D[n]): the ranges whose hashes make the inclusion proof of leaf m, from the leaf up. */
export function inclusionRanges(m: number, n: number): Range[] {
  checkSize(n, "tree size");
  if (!Number.isSafeInteger(m) || m < 0 || m >= n) throw new RangeError(`leaf index ${m} is not in a tree of ${n}`);
  const out: Range[] = [];
  const path = (a: number, b: number) => {
    if (b - a <= 1) return;
    const k = split(b - a);
    if (m < a + k) {
      path(a, a + k);
      out.push([a + k, b]);
    } else {
      path(a + k, b);
      out.push([a, a + k]);
    }
  };
  path(0, n);
  return out;
}

/** RFC 9162 §2.1.4.1 PROOF(m, D[n]): the ranges of the consistency proof from size m to size n (none when m = n). */
export function consistencyRanges(m: number, n: number): Range[] {
  checkSize(n, "tree size");
  if (!Number.isSafeInteger(m) || m < 1 || m > n) throw new RangeError(`size ${m} is not between 1 and ${n}`);
  const out: Range[] = [];
  const subproof = (a: number, b: number, complete: boolean) => {
    if (m === b) {
      if (!complete) out.push([a, b]);
      return;
    }
    const k = split(b - a);
    if (m <= a + k) {
      subproof(a, a + k, complete);
      out.push([a + k, b]);
    } else {
      subproof(a + k, b, false);
      out.push([a, a + k]);
    }
  };
  if (m < n) subproof(0, n, true);
  return out;
}

function checkSize(n: number, what: string) {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`${what} ${n} is not a whole number`);
}

/** Every complete subtree the given ranges need, once each. */
export function nodesFor(ranges: Range[]): NodeId[] {
  const seen = new Map<string, NodeId>();
  for (const [a, b] of ranges) for (const n of rangeNodes(a, b)) seen.set(nodeKey(n), n);
  return [...seen.values()];
}

/** The hash of each range, from the complete subtrees' hashes (keyed by nodeKey). Throws naming a missing node. */
export function resolveRanges(ranges: Range[], nodes: Map<string, Buffer>): Buffer[] {
  return ranges.map(([a, b]) =>
    foldRange(
      rangeNodes(a, b).map((n) => {
        const h = nodes.get(nodeKey(n));
        if (!h) throw new Error(`tree node level ${n.level} index ${n.index} is missing`);
        return h;
      }),
    ),
  );
}

/**
 * Every complete subtree of a list of leaf hashes, kept in memory: what the audit_tree table holds, for tests, the
 * CLI and the benchmark's reference.
 */
export class MemoryTree {
  readonly levels: Buffer[][] = [[]];

  constructor(leaves: Buffer[] = []) {
    for (const l of leaves) this.push(l);
  }

  get size(): number {
    return this.levels[0].length;
  }

  /** Append a leaf hash and every node it completes (what appendLeaf writes). */
  push(leaf: Buffer): NodeId[] {
    const made: NodeId[] = [{ level: 0, index: this.size }];
    this.levels[0].push(leaf);
    let level = 0;
    let index = this.size - 1;
    let h = leaf;
    while (index % 2 === 1) {
      h = nodeHash(this.levels[level][index - 1], h);
      level++;
      index = (index - 1) / 2;
      if (!this.levels[level]) this.levels[level] = [];
      this.levels[level].push(h);
      made.push({ level, index });
    }
    return made;
  }

  node(n: NodeId): Buffer | undefined {
    return this.levels[n.level]?.[n.index];
  }

  private hashes(ranges: Range[]): Buffer[] {
    const m = new Map<string, Buffer>();
    for (const n of nodesFor(ranges)) {
      const h = this.node(n);
      if (h) m.set(nodeKey(n), h);
    }
    return resolveRanges(ranges, m);
  }

  root(size = this.size): Buffer {
    if (size > this.size) throw new RangeError(`size ${size} is past the tree's ${this.size}`);
    return size === 0 ? EMPTY_ROOT : this.hashes([[0, size]])[0];
  }

  inclusion(index: number, size = this.size): Buffer[] {
    if (size > this.size) throw new RangeError(`size ${size} is past the tree's ${this.size}`);
    return this.hashes(inclusionRanges(index, size));
  }

  consistency(from: number, to = this.size): Buffer[] {
    if (to > this.size) throw new RangeError(`size ${to} is past the tree's ${this.size}`);
    return this.hashes(consistencyRanges(from, to));
  }
}

export type StoredNode = NodeId & { hash: Buffer };

/**
 * The right edge of a tree (its complete subtrees, largest first): enough to append leaves and to give the root, in
 * O(log n) memory. Starts empty, or from a stored tree's edge at some size (the hashes of rangeNodes(0, size)).
 */
export class Frontier {
  private stack: StoredNode[];
  size: number;

  constructor(size = 0, edge: Buffer[] = []) {
    const ids = rangeNodes(0, size);
    if (ids.length !== edge.length) throw new Error(`a tree of ${size} leaves has ${ids.length} edge nodes, not ${edge.length}`);
    this.stack = ids.map((n, k) => ({ ...n, hash: edge[k] }));
    this.size = size;
  }

  /** Append a leaf hash; returns the leaf's node and every node it completes (what the store must write). */
  push(leaf: Buffer): StoredNode[] {
    let cur: StoredNode = { level: 0, index: this.size, hash: leaf };
    const made = [cur];
    while (this.stack.length && this.stack[this.stack.length - 1].level === cur.level) {
      const left = this.stack.pop() as StoredNode;
      cur = { level: cur.level + 1, index: left.index / 2, hash: nodeHash(left.hash, cur.hash) };
      made.push(cur);
    }
    this.stack.push(cur);
    this.size++;
    return made;
  }

  root(): Buffer {
    return foldRange(this.stack.map((s) => s.hash));
  }

  /** A copy that can grow without changing this one. */
  clone(): Frontier {
    return new Frontier(
      this.size,
      this.stack.map((s) => s.hash),
    );
  }
}

/** The tree head of a list of leaf inputs, by RFC 9162's recursive definition (the reference the tests check against). */
export function mth(inputs: Uint8Array[]): Buffer {
  if (inputs.length === 0) return EMPTY_ROOT;
  if (inputs.length === 1) return leafHash(inputs[0]);
  const k = split(inputs.length);
  return nodeHash(mth(inputs.slice(0, k)), mth(inputs.slice(k)));
}

// ---- verifiers: each returns null when the proof holds, or why it does not ------------------------------------------

const odd = (x: number) => x % 2 === 1;
const half = (x: number) => Math.floor(x / 2);
const isHash = (h: unknown): h is Uint8Array => h instanceof Uint8Array && h.length === HASH_BYTES;

/** RFC 9162 §2.1.3.2: does `proof` show the leaf with this hash at `index` in the tree of `size` with this root? */
export function verifyInclusion(index: number, size: number, leaf: Uint8Array, proof: Uint8Array[], root: Uint8Array): string | null {
  if (!Number.isSafeInteger(index) || index < 0) return `leaf index ${index} is not a whole number`;
  if (!Number.isSafeInteger(size) || size < 0) return `tree size ${size} is not a whole number`;
  if (index >= size) return `leaf index ${index} is not in a tree of ${size}`;
  if (!isHash(leaf)) return "the leaf hash is not 32 bytes";
  if (!isHash(root)) return "the root hash is not 32 bytes";
  const bad = proof.findIndex((p) => !isHash(p));
  if (bad >= 0) return `proof hash ${bad + 1} is not 32 bytes`;
  let fn = index;
  let sn = size - 1;
  let r: Buffer = Buffer.from(leaf);
  for (const p of proof) {
    if (sn === 0) return `the proof has ${proof.length} hashes, more than a leaf at ${index} of ${size} needs`;
    if (odd(fn) || fn === sn) {
      r = nodeHash(p, r);
      if (!odd(fn))
        while (!odd(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
    } else r = nodeHash(r, p);
    fn = half(fn);
    sn = half(sn);
  }
  if (sn !== 0) return `the proof has ${proof.length} hashes, fewer than a leaf at ${index} of ${size} needs`;
  if (!r.equals(root))
    return `the proof leads to root ${r.toString("base64")}, not the checkpoint's ${Buffer.from(root).toString("base64")}`;
  return null;
}

/** RFC 9162 §2.1.4.2: does `proof` show that the tree of size2 (root2) extends the tree of size1 (root1)? */
export function verifyConsistency(size1: number, size2: number, proof: Uint8Array[], root1: Uint8Array, root2: Uint8Array): string | null {
  if (!Number.isSafeInteger(size1) || size1 < 0 || !Number.isSafeInteger(size2) || size2 < 0) return "tree sizes must be whole numbers";
  if (size2 < size1) return `the newer size ${size2} is smaller than the older ${size1}: the log shrank`;
  if (size1 === 0) return "a consistency proof from the empty tree proves nothing";
  if (size1 === size2) {
    if (proof.length) return `sizes are equal (${size1}), but the proof is not empty`;
    return Buffer.from(root1).equals(Buffer.from(root2))
      ? null
      : `both checkpoints have size ${size1} but different roots: the log was rewritten`;
  }
  if (!proof.length) return "the proof is empty";
  if (!isHash(root1) || !isHash(root2)) return "a root hash is not 32 bytes";
  const bad = proof.findIndex((p) => !isHash(p));
  if (bad >= 0) return `proof hash ${bad + 1} is not 32 bytes`;
  const path = [...proof];
  let pow = 1;
  while (pow < size1) pow *= 2;
  if (pow === size1) path.unshift(root1);
  let fn = size1 - 1;
  let sn = size2 - 1;
  while (odd(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  let fr: Buffer = Buffer.from(path[0]);
  let sr: Buffer = Buffer.from(path[0]);
  for (const c of path.slice(1)) {
    if (sn === 0) return `the proof has more hashes than ${size1} → ${size2} needs`;
    if (odd(fn) || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      if (!odd(fn))
        while (!odd(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
    } else sr = nodeHash(sr, c);
    fn = half(fn);
    sn = half(sn);
  }
  if (sn !== 0) return `the proof has fewer hashes than ${size1} → ${size2} needs`;
  // When size1 is a power of two the older root is itself the proof's first hash: a rewritten older tree then shows
  // as a newer root the proof does not reach. Either way the newer tree does not extend the older one.
  if (!fr.equals(Buffer.from(root1)) || !sr.equals(Buffer.from(root2)))
    return `the tree of size ${size2} does not extend the tree of size ${size1}: the ${fr.equals(Buffer.from(root1)) ? "newer root" : "older root"} does not match the proof (history rewritten, or a wrong proof)`;
  return null;
}

import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  consistencyRanges,
  EMPTY_ROOT,
  Frontier,
  inclusionRanges,
  leafHash,
  MemoryTree,
  mth,
  rangeNodes,
  verifyConsistency,
  verifyInclusion,
} from "./merkle";
import probes from "./spec/merkle-proof-probes.json";
import vectors from "./spec/rfc6962-merkle-vectors.json";

const SHARED = path.resolve(process.cwd(), "../shared/standards/rfc6962-merkle-vectors.json");
const b64 = (s: string) => Buffer.from(s, "base64");
const inputs = vectors.inputs.map((h) => Buffer.from(h, "hex"));
const tree = new MemoryTree(inputs.map((i) => leafHash(i)));

type InclusionProbe = {
  leafIdx: number;
  treeSize: number;
  root: string | null;
  leafHash: string | null;
  proof: string[] | null;
  desc: string;
  wantErr: boolean;
};
type ConsistencyProbe = {
  size1: number;
  size2: number;
  root1: string | null;
  root2: string | null;
  proof: string[] | null;
  desc: string;
  wantErr: boolean;
};
const bytes = (s: string | null) => (s === null ? Buffer.alloc(0) : b64(s));

describe("RFC 9162 Merkle tree (pure)", () => {
  it.runIf(fs.existsSync(SHARED))("keeps the project's copy of the RFC 6962 vectors equal to ../shared/standards", () => {
    expect(fs.readFileSync(path.resolve(__dirname, "spec/rfc6962-merkle-vectors.json"), "utf8")).toBe(fs.readFileSync(SHARED, "utf8"));
  });

  it("gives the published roots of the RFC 6962 vectors for 1 to 8 leaves, three ways", () => {
    expect(vectors.roots).toHaveLength(8);
    expect(EMPTY_ROOT.toString("hex")).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    for (let n = 1; n <= 8; n++) {
      const want = vectors.roots[n - 1];
      expect(mth(inputs.slice(0, n)).toString("hex"), `MTH of ${n}`).toBe(want);
      expect(tree.root(n).toString("hex"), `stored subtrees at size ${n}`).toBe(want);
      const b = new Frontier();
      for (const i of inputs.slice(0, n)) b.push(leafHash(i));
      expect(b.root().toString("hex"), `streamed ${n}`).toBe(want);
      // resumed from a stored edge, it makes the nodes the stored tree has
      const half = Math.floor(n / 2);
      const resumed = new Frontier(
        half,
        rangeNodes(0, half).map((id) => tree.node(id) as Buffer),
      );
      for (const i of inputs.slice(half, n))
        for (const made of resumed.push(leafHash(i)))
          expect(made.hash.equals(tree.node(made) as Buffer), `node ${made.level}/${made.index}`).toBe(true);
      expect(resumed.root().toString("hex")).toBe(want);
    }
  });

  it("makes, byte for byte, the happy-path proofs the Certificate Transparency reference publishes", () => {
    const inc = (probes.inclusion as { file: string; probe: InclusionProbe }[]).filter((p) => p.file.endsWith("happy-path.json"));
    expect(inc).toHaveLength(5);
    for (const { file, probe } of inc) {
      expect(tree.root(probe.treeSize).toString("base64"), file).toBe(probe.root);
      if (probe.leafIdx < probe.treeSize)
        expect(
          tree.inclusion(probe.leafIdx, probe.treeSize).map((h) => h.toString("base64")),
          file,
        ).toEqual(probe.proof ?? []);
    }
    const con = (probes.consistency as { file: string; probe: ConsistencyProbe }[]).filter((p) => p.file.endsWith("happy-path.json"));
    expect(con).toHaveLength(5);
    for (const { file, probe } of con) {
      expect(tree.root(probe.size1).toString("base64"), file).toBe(probe.root1);
      expect(
        tree.consistency(probe.size1, probe.size2).map((h) => h.toString("base64")),
        file,
      ).toEqual(probe.proof ?? []);
    }
  });

  it("accepts every probe the reference accepts and refuses every one it refuses (98 inclusion, 98 consistency)", () => {
    expect(probes.inclusion).toHaveLength(98);
    expect(probes.consistency).toHaveLength(98);
    for (const { file, probe: p } of probes.inclusion as { file: string; probe: InclusionProbe }[]) {
      const why = verifyInclusion(p.leafIdx, p.treeSize, bytes(p.leafHash), (p.proof ?? []).map(b64), bytes(p.root));
      expect(why === null ? "accepted" : "refused", `${file}: ${p.desc} (${why})`).toBe(p.wantErr ? "refused" : "accepted");
    }
    for (const { file, probe: p } of probes.consistency as { file: string; probe: ConsistencyProbe }[]) {
      const why = verifyConsistency(p.size1, p.size2, (p.proof ?? []).map(b64), bytes(p.root1), bytes(p.root2));
      expect(why === null ? "accepted" : "refused", `${file}: ${p.desc} (${why})`).toBe(p.wantErr ? "refused" : "accepted");
    }
  });

  it("proves every leaf in every size up to 70 and every pair of sizes, and its verifiers accept exactly those", () => {
    const leaves = Array.from({ length: 70 }, (_, i) => leafHash(`entry ${i}`));
    const t = new MemoryTree(leaves);
    for (let n = 1; n <= 70; n++) {
      const root = t.root(n);
      expect(root.equals(mth(leaves.slice(0, n).map((_, i) => Buffer.from(`entry ${i}`)))), `root ${n}`).toBe(true);
      for (let m = 0; m < n; m++) {
        const proof = t.inclusion(m, n);
        expect(verifyInclusion(m, n, leaves[m], proof, root), `leaf ${m} of ${n}`).toBeNull();
        // the neighbouring leaf does not verify at this index
        expect(verifyInclusion(m, n, leaves[(m + 1) % 70], proof, root)).not.toBeNull();
      }
      for (let m = 1; m <= n; m++) {
        expect(verifyConsistency(m, n, t.consistency(m, n), t.root(m), root), `${m} → ${n}`).toBeNull();
      }
    }
  });

  it("names what failed: a rewritten older tree, a shrunken log, a proof too short", () => {
    const t = new MemoryTree(Array.from({ length: 10 }, (_, i) => leafHash(`e${i}`)));
    const other = new MemoryTree(Array.from({ length: 10 }, (_, i) => leafHash(i === 2 ? "rewritten" : `e${i}`)));
    expect(verifyConsistency(5, 10, t.consistency(5, 10), other.root(5), t.root(10))).toMatch(
      /size 10 does not extend the tree of size 5: the older root/,
    );
    expect(verifyConsistency(4, 10, t.consistency(4, 10), other.root(4), t.root(10))).toMatch(/size 10 does not extend the tree of size 4/);
    expect(verifyConsistency(4, 10, t.consistency(4, 10), t.root(4), other.root(10))).toMatch(
      /size 10 does not extend the tree of size 4: the newer root/,
    );
    expect(verifyConsistency(10, 4, [], t.root(10), t.root(4))).toMatch(/smaller than the older 10: the log shrank/);
    expect(verifyInclusion(3, 10, leafHash("e3"), t.inclusion(3, 10).slice(1), t.root(10))).toMatch(/fewer than/);
  });

  it("needs O(log n) stored subtrees for a root or a proof in a 1,000,000-leaf tree", () => {
    const n = 1_000_000;
    expect(rangeNodes(0, n)).toHaveLength(7); // 1,000,000 has seven 1-bits
    const count = (rs: [number, number][]) => rs.reduce((s, [a, b]) => s + rangeNodes(a, b).length, 0);
    for (const m of [0, 1, 499_999, 524_288, 999_999]) expect(count(inclusionRanges(m, n))).toBeLessThanOrEqual(40);
    for (const m of [1, 3, 524_288, 999_999]) expect(count(consistencyRanges(m, n))).toBeLessThanOrEqual(40);
  });
});

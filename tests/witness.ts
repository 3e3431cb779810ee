// A transparency-log witness for tests, speaking the C2SP witness protocol (c2sp.org/tlog-witness) over real HTTP:
// POST /add-checkpoint with "old N", a consistency proof and a signed checkpoint; it verifies the log's signature
// (403), the old size against the last it cosigned (409 with text/x.tlog.size), the proof (422), then cosigns with
// an Ed25519 cosignature/v1 (c2sp.org/tlog-cosignature) and remembers the new size. The Merkle and note checks are
// the ones lib/audit tests against RFC 6962 / transparency-dev vectors and Go's sumdb note vectors.
import { randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { cosignerFromSeed, cosignerKeyString, parseAddCheckpoint } from "@/lib/audit/cosignature";
import { EMPTY_ROOT, verifyConsistency } from "@/lib/audit/merkle";
import { openCheckpoint, parseVerifierKey } from "@/lib/audit/note";

export type TestWitness = {
  url: string;
  vkey: string;
  /** "vkey url", as AUDIT_WITNESSES takes it. */
  config: string;
  /** The last size and root it cosigned for the log. */
  state: { size: number; root: Buffer } | null;
  requests: { oldSize: number; proofLines: number; size: number; status: number }[];
  close(): Promise<void>;
};

export async function startWitness(logVerifierKey: string, name = "witness.test/w1"): Promise<TestWitness> {
  const log = parseVerifierKey(logVerifierKey);
  if ("error" in log) throw new Error(log.error);
  const signer = cosignerFromSeed(name, randomBytes(32));
  const w: Omit<TestWitness, "url" | "config" | "close"> = { vkey: cosignerKeyString(signer), state: null, requests: [] };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const answer = (status: number, body = "", type = "text/plain; charset=utf-8") => {
        res.writeHead(status, { "content-type": type });
        res.end(body);
      };
      if (req.method !== "POST" || req.url !== "/add-checkpoint") return answer(404);
      const parsed = parseAddCheckpoint(Buffer.concat(chunks).toString("utf8"));
      if ("error" in parsed) return answer(400, parsed.error);
      const cp = openCheckpoint(parsed.checkpoint, [log]);
      const refuse = (status: number, body = "", type?: string) => {
        w.requests.push({ oldSize: parsed.oldSize, proofLines: parsed.proof.length, size: "error" in cp ? -1 : cp.size, status });
        answer(status, body, type);
      };
      if ("error" in cp) return refuse(cp.error.includes("does not verify") || cp.error.includes("no signature") ? 403 : 400, cp.error);
      if (cp.origin !== log.name) return refuse(404);
      if (parsed.oldSize > cp.size) return refuse(400);
      const have = w.state?.size ?? 0;
      if (parsed.oldSize !== have) return refuse(409, `${have}\n`, "text/x.tlog.size");
      if (parsed.oldSize === 0) {
        if (parsed.proof.length) return refuse(422);
        if (cp.size === 0 && !cp.root.equals(EMPTY_ROOT)) return refuse(422);
      } else if (parsed.oldSize === cp.size) {
        if (!w.state?.root.equals(cp.root)) return refuse(422);
      } else {
        const bad = verifyConsistency(parsed.oldSize, cp.size, parsed.proof, w.state?.root ?? EMPTY_ROOT, cp.root);
        if (bad) return refuse(422, bad);
      }
      w.state = { size: cp.size, root: cp.root };
      w.requests.push({ oldSize: parsed.oldSize, proofLines: parsed.proof.length, size: cp.size, status: 200 });
      const text = parsed.checkpoint.slice(0, parsed.checkpoint.lastIndexOf("\n\n") + 1);
      answer(200, signer.cosign(text, Math.floor(Date.now() / 1000)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const out = w as TestWitness;
  out.url = url;
  out.config = `${w.vkey} ${url}`;
  out.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return out;
}

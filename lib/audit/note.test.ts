import { describe, expect, it } from "vitest";
import {
  checkpointText,
  openCheckpoint,
  openNote,
  parseCheckpointText,
  parseNote,
  parsePrivateKey,
  parseVerifierKey,
  privateKeyString,
  signerFromSeed,
  signNote,
  verifierFromPublicKey,
  verifierKey,
} from "./note";

// golang.org/x/mod/sumdb/note, note_test.go (TestSign, TestOpen).
const GO_SKEY = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
const GO_VKEY = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
const ENOCH_VKEY = "EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop";
const GO_TEXT = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
const PETER_SIG = "— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";
const ENOCH_SIG = "— EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n";

// c2sp.org/signed-note, "Verifier keys: Example".
const C2SP_VKEY = "example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k";
const C2SP_NOTE =
  "This is an example message.\n\n— example.com/foo Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n";
// c2sp.org/tlog-checkpoint's example (its key is not published: parsed only).
const C2SP_CHECKPOINT =
  "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n\n— example.com/behind-the-sofa Az3grlgtzPICa5OS8npVmf1Myq/5IZniMp+ZJurmRDeOoRDe4URYN7u5/Zhcyv2q1gGzGku9nTo+zyWE+xeMcTOAYQ8=\n";

const key = (k: ReturnType<typeof parseVerifierKey>) => {
  if ("error" in k) throw new Error(k.error);
  return k;
};

describe("C2SP signed notes with Ed25519", () => {
  it("signs Go's example text with Go's example key to exactly Go's published note, and derives its verifier key", () => {
    const signer = parsePrivateKey(GO_SKEY);
    if ("error" in signer) throw new Error(signer.error);
    expect(signer.keyId.toString("hex")).toBe("c74f20a3");
    expect(verifierKey(signer)).toBe(GO_VKEY);
    expect(signNote(GO_TEXT, [signer])).toBe(`${GO_TEXT}\n${PETER_SIG}`);
    // and the key string round-trips from its seed
    expect(privateKeyString("PeterNeumann", Buffer.from("AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz", "base64").subarray(1))).toBe(
      GO_SKEY,
    );
  });

  it("opens Go's two-signature note with one trusted key, ignoring the unknown one, and refuses it with neither", () => {
    const note = `${GO_TEXT}\n${PETER_SIG}${ENOCH_SIG}`;
    expect(openNote(note, [key(parseVerifierKey(GO_VKEY))])).toMatchObject({ text: GO_TEXT, verifiedBy: ["PeterNeumann+c74f20a3"] });
    expect(openNote(note, [key(parseVerifierKey(GO_VKEY)), key(parseVerifierKey(ENOCH_VKEY))])).toMatchObject({
      verifiedBy: ["PeterNeumann+c74f20a3", "EnochRoot+af0cfe78"],
    });
    const o = signerFromSeed("PeterNeumann", Buffer.alloc(32, 7));
    const other = verifierFromPublicKey(o.name, o.publicKey);
    expect(openNote(note, [other])).toEqual({
      error: expect.stringMatching(/no signature by a trusted key: the note is signed by PeterNeumann\+c74f20a3, EnochRoot\+af0cfe78/),
    });
  });

  it("verifies the C2SP signed-note example with its verifier key, and refuses it altered by one character", () => {
    const v = key(parseVerifierKey(C2SP_VKEY));
    expect(v.keyId.toString("hex")).toBe("530d903a");
    expect(openNote(C2SP_NOTE, [v])).toMatchObject({ text: "This is an example message.\n", verifiedBy: ["example.com/foo+530d903a"] });
    expect(openNote(C2SP_NOTE.replace("example message", "example massage"), [v])).toEqual({
      error: "the signature of example.com/foo (key 530d903a) does not verify: the note was altered or signed by another key",
    });
  });

  it("refuses mangled verifier keys: wrong ID, wrong type, wrong length, a plus in the name", () => {
    expect(parseVerifierKey("PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW")).toMatchObject({
      error: expect.stringMatching(/does not match/),
    });
    expect(parseVerifierKey("PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW")).toMatchObject({
      error: expect.stringMatching(/not Ed25519/),
    });
    expect(parseVerifierKey("PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY==")).toMatchObject({
      error: expect.stringMatching(/33 bytes/),
    });
    expect(parseVerifierKey("a+b+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW")).toMatchObject({ error: expect.any(String) });
  });

  it("parses the C2SP tlog-checkpoint example and writes the same text back", () => {
    const n = parseNote(C2SP_CHECKPOINT);
    if ("error" in n) throw new Error(n.error);
    const cp = parseCheckpointText(n.text);
    if ("error" in cp) throw new Error(cp.error);
    expect(cp.origin).toBe("example.com/behind-the-sofa");
    expect(cp.size).toBe(20852163);
    expect(cp.root).toHaveLength(32);
    expect(checkpointText(cp.origin, cp.size, cp.root)).toBe(n.text);
    expect(n.signatures.map((s) => [s.name, s.keyId, s.signature.length])).toEqual([["example.com/behind-the-sofa", "033de0ae", 64]]);
  });

  it("signs and opens a checkpoint of its own; refuses a changed size, a leading zero, a short root, another origin", () => {
    const s = signerFromSeed("portal.example/steward-audit", Buffer.alloc(32, 9));
    const note = signNote(checkpointText(s.name, 42, Buffer.alloc(32, 1)), [s]);
    const v = verifierFromPublicKey(s.name, s.publicKey);
    expect(openCheckpoint(note, [v], s.name)).toMatchObject({
      origin: s.name,
      size: 42,
      verifiedBy: [`${s.name}+${s.keyId.toString("hex")}`],
    });
    expect(openCheckpoint(note.replace("\n42\n", "\n43\n"), [v])).toMatchObject({ error: expect.stringMatching(/does not verify/) });
    expect(parseCheckpointText(`${s.name}\n042\n${Buffer.alloc(32).toString("base64")}\n`)).toMatchObject({
      error: expect.stringMatching(/leading zeros/),
    });
    expect(parseCheckpointText(`${s.name}\n42\n${Buffer.alloc(31).toString("base64")}\n`)).toMatchObject({
      error: expect.stringMatching(/32 bytes/),
    });
    expect(openCheckpoint(note, [v], "other.example/log")).toMatchObject({
      error: expect.stringMatching(/origin is portal.example\/steward-audit, not other.example\/log/),
    });
    expect(parseNote(note.replace(/\n/g, "\r\n"))).toMatchObject({ error: expect.stringMatching(/carriage return/) });
  });
});

import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  addCheckpointBody,
  cosignedMessage,
  cosignerFromSeed,
  cosignerKeyString,
  parseAddCheckpoint,
  parseConflictSize,
  parseCosignerKey,
  splitTimestamped,
  verifyCosignatures,
} from "./cosignature";
import { parseNote } from "./note";

// c2sp.org/tlog-cosignature's example: a checkpoint with the log's signature and a witness's cosignature, made at
// the time the specification's signed-message example shows (1679315147).
const SPEC_NOTE = `example.com/behind-the-sofa
20852163
CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=

— example.com/behind-the-sofa Az3grlgtzPICa5OS8npVmf1Myq/5IZniMp+ZJurmRDeOoRDe4URYN7u5/Zhcyv2q1gGzGku9nTo+zyWE+xeMcTOAYQ8=
— witness.example.com/w1 jWbPPwAAAABkGFDLEZMHwSRaJNiIDoe9DYn/zXcrtPHeolMI5OWXEhZCB9dlrDJsX3b2oyin1nPZqhf5nNo0xUe+mbIUBkBIfZ+qnA==
`;
const TEXT = "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n";

describe("witness cosignatures (C2SP tlog-cosignature, Ed25519 cosignature/v1)", () => {
  it("reads the specification's example: key ID 8d66cf3f, timestamp 1679315147, a 64-byte signature", () => {
    const note = parseNote(SPEC_NOTE);
    if ("error" in note) throw new Error(note.error);
    const w = note.signatures[1];
    expect(w.name).toBe("witness.example.com/w1");
    expect(w.keyId).toBe("8d66cf3f");
    const ts = splitTimestamped(w);
    expect(ts?.timestamp).toBe(1679315147);
    expect(ts?.signature.length).toBe(64);
    // The log's own line is a plain Ed25519 note signature (64 bytes), not a timestamped one.
    expect(splitTimestamped(note.signatures[0])).toBeNull();
  });

  it("signs exactly the specification's message: the header, the time line, then the checkpoint text", () => {
    expect(cosignedMessage(TEXT, 1679315147).toString("utf8")).toBe(
      "cosignature/v1\ntime 1679315147\nexample.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n",
    );
  });

  it("a cosignature verifies with the witness's key over this checkpoint only; other keys' lines are ignored", () => {
    const w = cosignerFromSeed("witness.test/w1", randomBytes(32));
    const key = parseCosignerKey(cosignerKeyString(w));
    if ("error" in key) throw new Error(key.error);
    const line = w.cosign(TEXT, 1700000000);
    const ok = verifyCosignatures(TEXT, line, key);
    expect(ok).toEqual([{ name: "witness.test/w1", keyId: w.keyId.toString("hex"), timestamp: 1700000000, line }]);
    // The same line over another checkpoint (one more entry) fails, naming the witness.
    const other = TEXT.replace("20852163", "20852164");
    expect(verifyCosignatures(other, line, key)).toEqual({ error: expect.stringContaining("cosignature of witness.test/w1") });
    // A stranger's lines (the spec's witness) are ignored, not an error.
    expect(verifyCosignatures(TEXT, SPEC_NOTE.slice(SPEC_NOTE.indexOf("— witness")), key)).toEqual([]);
  });

  it("refuses witness keys of the wrong type, a wrong key ID, or a malformed string", () => {
    const w = cosignerFromSeed("witness.test/w1", randomBytes(32));
    const good = cosignerKeyString(w);
    expect(parseCosignerKey(good)).toMatchObject({ name: "witness.test/w1" });
    const a = good.indexOf("+");
    const b = good.indexOf("+", a + 1);
    const [name, id, b64] = [good.slice(0, a), good.slice(a + 1, b), good.slice(b + 1)];
    const raw = Buffer.from(b64, "base64");
    raw[0] = 0x01;
    expect(parseCosignerKey(`${name}+${id}+${raw.toString("base64")}`)).toEqual({
      error: expect.stringContaining("0x01 is not an Ed25519 cosignature"),
    });
    expect(parseCosignerKey(`${name}+00000000+${b64}`)).toEqual({ error: expect.stringContaining("does not match") });
    expect(parseCosignerKey("no-plus-signs")).toEqual({ error: expect.stringContaining("<name>+<key id hex>+<base64 key>") });
  });

  it("writes and reads the add-checkpoint request as c2sp.org/tlog-witness shows it", () => {
    const proof = ["PlRNCrwHpqhGrupue0L7gxbjbMiKA9temvuZZDDpkaw=", "jrJZDmY8Y7SyJE0MWLpLozkIVMSMZcD5kvuKxPC3swk="].map((h) =>
      Buffer.from(h, "base64"),
    );
    const signed = SPEC_NOTE.slice(0, SPEC_NOTE.indexOf("— witness"));
    const body = addCheckpointBody(20852014, proof, signed);
    expect(body).toBe(
      "old 20852014\nPlRNCrwHpqhGrupue0L7gxbjbMiKA9temvuZZDDpkaw=\njrJZDmY8Y7SyJE0MWLpLozkIVMSMZcD5kvuKxPC3swk=\n\nexample.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n\n— example.com/behind-the-sofa Az3grlgtzPICa5OS8npVmf1Myq/5IZniMp+ZJurmRDeOoRDe4URYN7u5/Zhcyv2q1gGzGku9nTo+zyWE+xeMcTOAYQ8=\n",
    );
    expect(parseAddCheckpoint(body)).toEqual({ oldSize: 20852014, proof, checkpoint: signed });
    expect(parseAddCheckpoint("old 01\n\nx")).toEqual({ error: "the first line is not `old <size>`" });
    expect(parseConflictSize("20852014\n")).toBe(20852014);
    expect(parseConflictSize("twelve\n")).toBeNull();
  });
});

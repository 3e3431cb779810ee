// The command line's pure parts (cli/*.mjs): CSV read as a stream across chunk boundaries, the MLflow mappings, the
// Idempotency-Key derivation and durations. The commands themselves run against a server in e2e/api/cli.spec.ts.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { csvRows } from "../cli/files.mjs";
import { ciRunId, idempotencyKey } from "../cli/http.mjs";
import { latestMetrics, runUuid, slugOf } from "../cli/mlflow.mjs";
import { duration } from "../cli/release.mjs";

async function rowsOf(text: string) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cli-csv-"));
  try {
    const file = path.join(dir, "x.csv");
    fs.writeFileSync(file, text);
    const out: string[][] = [];
    for await (const r of csvRows(file)) out.push(r.row);
    return out;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe("csvRows", () => {
  it("reads quoted fields, doubled quotes, line breaks inside quotes, CRLF and a last line without its end", async () => {
    expect(await rowsOf('a,b,"c ""q"""\r\n1,"two\nlines",3\r\n\r\n,,\n4,5,6')).toEqual([
      ["a", "b", 'c "q"'],
      ["1", "two\nlines", "3"],
      ["", "", ""],
      ["4", "5", "6"],
    ]);
  });

  it("reads the same whatever falls on the stream's 64 KiB chunk boundaries (a doubled quote, a CRLF, a multi-byte character)", async () => {
    const CHUNK = 64 * 1024;
    for (const [tail, expected] of [
      ['"x""y",2\r\n', ['x"y', "2"]],
      ["é,ü\r\n", ["é", "ü"]],
    ] as const) {
      for (let shift = 0; shift < 6; shift++) {
        const pad = "p".repeat(CHUNK - 3 - shift);
        const text = `${pad}\n${tail}z,1\n`;
        const rows = await rowsOf(text);
        expect(rows, `shift ${shift}`).toEqual([[pad], [...expected], ["z", "1"]]);
      }
    }
  });

  it("refuses a quoted field never closed", async () => {
    await expect(rowsOf('a,"open\n1,2\n')).rejects.toThrow("never closed");
  });
});

describe("MLflow mappings", () => {
  it("names become slugs", () => {
    expect(slugOf("Credit Scoring v2")).toBe("credit-scoring-v2");
    expect(slugOf("__fraud/Detector")).toBe("fraud-detector");
    expect(slugOf("ünïcode")).toBe("n-code");
    expect(slugOf("a".repeat(200))).toHaveLength(128);
  });
  it("a run id of uuid4().hex is a UUID; anything else is not", () => {
    expect(runUuid("A1B2C3D4E5F64718993A4B5C6D7E8F90")).toBe("a1b2c3d4-e5f6-4718-993a-4b5c6d7e8f90");
    expect(runUuid("a1b2c3d4e5f60718293a4b5c6d7e8f90")).toBeNull(); // version 0, variant 2: not an RFC 9562 UUID
    expect(runUuid("a1b2")).toBeNull();
    expect(runUuid("g1b2c3d4e5f60718293a4b5c6d7e8f90")).toBeNull();
    expect(runUuid(undefined)).toBeNull();
  });
  it("the latest value of each metric: highest step, then latest timestamp", () => {
    expect(
      latestMetrics([
        { key: "auc", value: 0.8, step: 1, timestamp: 5 },
        { key: "auc", value: 0.9, step: 2, timestamp: 1 },
        { key: "loss", value: 0.5, step: 3, timestamp: 1 },
        { key: "loss", value: 0.4, step: 3, timestamp: 2 },
        { key: "nan", value: Number.NaN, step: 0, timestamp: 0 },
      ]),
    ).toEqual({ auc: 0.9, loss: 0.4 });
  });
});

describe("Idempotency-Key and durations", () => {
  it("the CI run keys writes: same run and request, same key; another run or body, another", () => {
    const gh = ciRunId({ GITHUB_RUN_ID: "42", GITHUB_REPOSITORY: "acme/x" });
    expect(gh).toBe("gh:acme/x:42");
    expect(ciRunId({ CI_PIPELINE_ID: "7", CI_PROJECT_ID: "3" })).toBe("gl:3:7");
    expect(ciRunId({ STEWARD_RUN_ID: "mine", GITHUB_RUN_ID: "42" })).toBe("mine");
    const k = idempotencyKey(gh, "POST", "/api/v1/models", "d1");
    expect(k).toMatch(/^steward-cli-[0-9a-f]{48}$/);
    expect(idempotencyKey(gh, "POST", "/api/v1/models", "d1")).toBe(k);
    expect(idempotencyKey("gh:acme/x:43", "POST", "/api/v1/models", "d1")).not.toBe(k);
    expect(idempotencyKey(gh, "POST", "/api/v1/models", "d2")).not.toBe(k);
  });
  it("durations", () => {
    expect(duration("90", "--timeout")).toBe(90_000);
    expect(duration("300ms", "--interval")).toBe(300);
    expect(duration("45s", "--timeout")).toBe(45_000);
    expect(duration("15m", "--timeout")).toBe(900_000);
    expect(duration("2h", "--timeout")).toBe(7_200_000);
    expect(() => duration("soon", "--timeout")).toThrow("--timeout takes seconds");
  });
});

describe("cli/*.d.mts", () => {
  it("are what TypeScript derives from the JSDoc of cli/*.mjs now (regenerate: see cli/README.md)", () => {
    const dir = path.join(__dirname, "..", "cli");
    // Copied apart, so the committed .d.mts are neither read back as inputs nor overwritten.
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "cli-dts-"));
    const sources = fs
      .readdirSync(dir)
      .filter((f) => f.endsWith(".mjs"))
      .map((f) => {
        fs.copyFileSync(path.join(dir, f), path.join(tmp, f));
        return path.join(tmp, f);
      });
    const emitted = new Map<string, string>();
    const program = ts.createProgram(sources, {
      allowJs: true,
      declaration: true,
      emitDeclarationOnly: true,
      skipLibCheck: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      outDir: path.join(tmp, "out"),
    });
    program.emit(undefined, (file, text) => emitted.set(path.basename(file), text));
    expect([...emitted.keys()].sort()).toEqual(sources.map((s) => path.basename(s).replace(/\.mjs$/, ".d.mts")).sort());
    for (const [name, text] of emitted) expect(fs.readFileSync(path.join(dir, name), "utf8"), name).toBe(text);
  });
});

// Hostile text in linear time (issue 16): no regular expression in the portal's code may have overlapping unbounded
// quantifiers (tests/regex-safety.ts says what that means and how it is checked). Every regex literal and every
// `new RegExp(...)` in lib/, app/ and components/ (tests excepted: they use old patterns as oracles on short strings)
// is checked; a pattern built at run time cannot be checked and fails too. ALLOWED lists the reviewed exceptions, each
// with the reason it is safe; an entry that no longer matches any pattern fails, so the list cannot go stale.
import fs from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { checkRegex } from "./regex-safety";

const ROOT = path.join(__dirname, "..");
const DIRS = ["lib", "app", "components"];

/** file → pattern source (as written between the slashes) → why it is safe. */
const ALLOWED: Record<string, Record<string, string>> = {
  "lib/cards/uri.ts": {
    [String.raw`^(?:[a-z][a-z0-9+\-.]*:)(?:\/?\/(?:(?:[a-z0-9\-._~!$&'()*+,;=:]|%[0-9a-f]{2})*@)?(?:\[(?:(?:(?:(?:[0-9a-f]{1,4}:){6}|::(?:[0-9a-f]{1,4}:){5}|(?:[0-9a-f]{1,4})?::(?:[0-9a-f]{1,4}:){4}|(?:(?:[0-9a-f]{1,4}:){0,1}[0-9a-f]{1,4})?::(?:[0-9a-f]{1,4}:){3}|(?:(?:[0-9a-f]{1,4}:){0,2}[0-9a-f]{1,4})?::(?:[0-9a-f]{1,4}:){2}|(?:(?:[0-9a-f]{1,4}:){0,3}[0-9a-f]{1,4})?::[0-9a-f]{1,4}:|(?:(?:[0-9a-f]{1,4}:){0,4}[0-9a-f]{1,4})?::)(?:[0-9a-f]{1,4}:[0-9a-f]{1,4}|(?:(?:25[0-5]|2[0-4]\d|[01]?\d\d?)\.){3}(?:25[0-5]|2[0-4]\d|[01]?\d\d?))|(?:(?:[0-9a-f]{1,4}:){0,5}[0-9a-f]{1,4})?::[0-9a-f]{1,4}|(?:(?:[0-9a-f]{1,4}:){0,6}[0-9a-f]{1,4})?::)|[Vv][0-9a-f]+\.[a-z0-9\-._~!$&'()*+,;=:]+)\]|(?:(?:25[0-5]|2[0-4]\d|[01]?\d\d?)\.){3}(?:25[0-5]|2[0-4]\d|[01]?\d\d?)|(?:[a-z0-9\-._~!$&'()*+,;=]|%[0-9a-f]{2})*)(?::\d*)?(?:\/(?:[a-z0-9\-._~!$&'()*+,;=:@]|%[0-9a-f]{2})*)*|\/(?:(?:[a-z0-9\-._~!$&'()*+,;=:@]|%[0-9a-f]{2})+(?:\/(?:[a-z0-9\-._~!$&'()*+,;=:@]|%[0-9a-f]{2})*)*)?|(?:[a-z0-9\-._~!$&'()*+,;=:@]|%[0-9a-f]{2})+(?:\/(?:[a-z0-9\-._~!$&'()*+,;=:@]|%[0-9a-f]{2})*)*)(?:\?(?:[a-z0-9\-._~!$&'()*+,;=:@/?]|%[0-9a-f]{2})*)?(?:#(?:[a-z0-9\-._~!$&'()*+,;=:@/?]|%[0-9a-f]{2})*)?$`]:
      "ajv-formats' full-mode `uri` pattern, kept verbatim so a card accepts what its exported document validates. Anchored at both ends, and its runs are cut by delimiters (@ : / ? # [ ]) that the neighbouring classes do not take, so each alternative is tried once: tests/hostile-text.test.ts times it on 1 MB hostile URIs (under 100 ms each).",
  },
  "lib/fairness/disparity.ts": {
    [String.raw`\.?0+$`]: "Runs on x.toPrecision(3) of a number: at most about 25 characters, never the caller's text.",
  },
  "components/releases/comparison.tsx": {
    [String.raw`\.?0+$`]: "Runs on n.toFixed(4) of a metric: a number's digits, never the caller's text.",
  },
  "components/docs/endpoint.tsx": {
    "-+$":
      "Runs on the OpenAPI document's own paths after every run of other characters became one dash: each run of dashes is one long, and the text is the portal's, not a caller's.",
  },
};

type Found = { file: string; line: number; source: string; flags: string; dynamic: boolean };

function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === "node_modules" ? [] : filesUnder(p);
    return /\.(ts|tsx)$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [p] : [];
  });
}

function regexesIn(file: string): Found[] {
  const text = fs.readFileSync(file, "utf8");
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith(".tsx") ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const rel = path.relative(ROOT, file);
  const out: Found[] = [];
  const line = (n: ts.Node) => sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1;
  const visit = (n: ts.Node) => {
    if (n.kind === ts.SyntaxKind.RegularExpressionLiteral) {
      const t = n.getText(sf);
      const end = t.lastIndexOf("/");
      out.push({ file: rel, line: line(n), source: t.slice(1, end), flags: t.slice(end + 1), dynamic: false });
    } else if ((ts.isNewExpression(n) || ts.isCallExpression(n)) && ts.isIdentifier(n.expression) && n.expression.text === "RegExp") {
      const [src, flags] = n.arguments ?? [];
      const literal = (x: ts.Expression | undefined) =>
        x && (ts.isStringLiteral(x) || ts.isNoSubstitutionTemplateLiteral(x)) ? x.text : null;
      const s = literal(src);
      out.push({ file: rel, line: line(n), source: s ?? src?.getText(sf) ?? "", flags: literal(flags) ?? "", dynamic: s === null });
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return out;
}

describe("the regex checker", () => {
  it.each([
    ["(a+)+", ""],
    ["(.*)*", ""],
    ["^(\\w|\\d)+$", ""],
    ["^\\s*.*$", ""],
    ["^(.*?)\\s*$", ""],
    ["^\\s{0,3}(#{1,6})\\s+(.*?)\\s*$", ""],
    ["\\s+$", ""],
    ["a+b", ""],
    ["[:.]+\\s*$", ""],
    ["\\s+#+\\s*$", ""],
    ["^a.*x.*y", ""],
    ["(\\*\\*[^*\\n]*?)\\s*\\[optional\\]([^*\\n]*\\*\\*)", "gi"],
    ["^---[ \\t]*\\n([\\s\\S]*?)\\n(?:---|\\.\\.\\.)[ \\t]*(?:\\n|$)", ""],
    ["^\\s*\\*\\*BibTeX:?\\*\\*:?\\s*$", "im"],
  ])("flags /%s/%s", (source, flags) => {
    expect(checkRegex(source, flags)).not.toEqual([]);
  });

  it.each([
    ["^[a-z0-9][a-z0-9._-]{0,127}$", ""],
    ["\\s+", "g"],
    ["`+", "g"],
    ["^\\s{0,3}(`{3,}|~{3,})", ""],
    ["^(\\d{4})-(\\d{2})-(\\d{2})$", ""],
    ["[^\\w.+-]", "g"],
    ["^Bearer\\s+(\\S+)\\s*$", "i"],
    ["^[\\w.-]+(\\/[\\w.-]+)?$", ""],
    ["out.of.scope|misuse", ""],
    ["^testing data.*metrics", ""],
    ["\\r\\n?", "g"],
    ["(Z|[+-]\\d{2}:?\\d{2})$", "i"],
    [",\\s*$", ""],
  ])("passes /%s/%s", (source, flags) => {
    expect(checkRegex(source, flags)).toEqual([]);
  });

  it("is right about the cost: a pattern it flags takes quadratic time on a 20,000-character hostile line, one it passes does not", () => {
    const time = (re: RegExp, s: string) => {
      const t = performance.now();
      re.test(s);
      return performance.now() - t;
    };
    const spaces = `${" ".repeat(20_000)}x`;
    // quadratic: 200 million steps, about 0.4 s here, where the linear pattern takes well under 20 ms
    expect(time(/\s+$/, spaces)).toBeGreaterThan(100);
    expect(time(/^\s+(?=x)/, spaces)).toBeLessThan(20);
  });
});

describe("regular expressions in lib/, app/ and components/", () => {
  const found = DIRS.flatMap((d) => filesUnder(path.join(ROOT, d))).flatMap(regexesIn);

  it("are found (the scan reads the code)", () => {
    expect(found.length).toBeGreaterThan(50);
    expect(found.some((f) => f.file === path.join("lib", "cards", "huggingface.ts"))).toBe(true);
  });

  it("have no overlapping unbounded quantifiers, and none is built at run time, except the reviewed ones", () => {
    const bad = found.flatMap((f) => {
      if (ALLOWED[f.file]?.[f.source]) return [];
      const findings = f.dynamic ? [{ rule: "dynamic", detail: "built at run time: it cannot be checked" }] : checkRegex(f.source, f.flags);
      const shown = f.source.length > 120 ? `${f.source.slice(0, 120)}…` : f.source;
      return findings.length
        ? [`${f.file}:${f.line} /${shown}/${f.flags}: ${findings.map((x) => `${x.rule}: ${x.detail}`).join("; ")}`]
        : [];
    });
    expect(bad).toEqual([]);
  });

  it("leave no allow-list entry that matches nothing", () => {
    const stale = Object.entries(ALLOWED).flatMap(([file, pats]) =>
      Object.keys(pats)
        .filter((p) => !found.some((f) => f.file === file && f.source === p))
        .map((p) => `${file}: /${p}/`),
    );
    expect(stale).toEqual([]);
  });
});

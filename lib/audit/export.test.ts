import { parse } from "csv-parse/sync";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { csvCell } from "../csv";

describe("CSV cells (RFC 4180, formula injection neutralised)", () => {
  it("quotes separators, quotes and line breaks", () => {
    expect(csvCell("plain")).toBe("plain");
    expect(csvCell('say "hi", then go')).toBe('"say ""hi"", then go"');
    expect(csvCell("two\nlines")).toBe('"two\nlines"');
    expect(csvCell(null)).toBe("");
    expect(csvCell(42)).toBe("42");
    expect(csvCell({ a: 1 })).toBe('"{""a"":1}"');
  });

  it("prefixes a ' to anything a spreadsheet would run", () => {
    expect(csvCell('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    expect(csvCell("+1")).toBe("'+1");
    expect(csvCell("-2")).toBe("'-2");
    expect(csvCell("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvCell("\tx")).toBe("'\tx");
    expect(csvCell("\rx")).toBe('"\'\rx"');
  });
});

describe("CSV cells round-trip through an RFC 4180 parser (property)", () => {
  // Characters that stress quoting and neutralising, mixed into arbitrary unicode.
  const tricky = fc.constantFrom('"', ",", "\r", "\n", "\r\n", "=", "+", "-", "@", "\t", "'", " ", "é", "😀", "\u2028", "\uFEFF", "a");
  const cell = fc.oneof(
    fc.string({ unit: tricky, maxLength: 12 }),
    fc.string({ unit: "grapheme", maxLength: 20 }),
    fc.string({ unit: fc.oneof(tricky, fc.string({ unit: "binary", minLength: 1, maxLength: 1 })), maxLength: 20 }),
  );
  const neutralised = (s: string) => (/^[=+\-@\t\r]/.test(s) ? `'${s}` : s);

  it("gives back each string, with a leading ' exactly when it begins with =, +, -, @, tab or CR", () => {
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 5 }), (rows) => {
        // As the export writes rows: seq first, cells joined by commas, CRLF after each row.
        const text = rows.map((cells, i) => `${[i + 1, ...cells].map(csvCell).join(",")}\r\n`).join("");
        const parsed: string[][] = parse(text, { bom: false, relax_quotes: false, relax_column_count: true });
        expect(parsed).toEqual(rows.map((cells, i) => [String(i + 1), ...cells.map(neutralised)]));
      }),
      { numRuns: 2000 },
    );
  });

  it("neutralises exactly the six leading characters", () => {
    fc.assert(
      fc.property(
        fc.string({ unit: "grapheme", maxLength: 10 }),
        fc.constantFrom("=", "+", "-", "@", "\t", "\r", "a", " ", "'", "é"),
        (rest, first) => {
          const [[value]] = parse(`${csvCell(first + rest)}\r\n`) as string[][];
          expect(value.startsWith("'")).toBe("=+-@\t\r'".includes(first));
          expect(value).toBe(neutralised(first + rest));
        },
      ),
    );
  });
});

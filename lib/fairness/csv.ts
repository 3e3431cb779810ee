// The audit's group table as CSV (RFC 4180). Group names come from the caller's data, so a cell a spreadsheet would
// run as a formula gets a leading ' (as the audit-trail export does). Pure.
import { csvCell } from "../csv";
import { RATES } from "./rates";
import type { GroupResult } from "./verdict";

export const CSV_COLUMNS = [
  "attribute",
  "group",
  "reference",
  "n",
  "tp",
  "fp",
  "tn",
  "fn",
  ...RATES,
  ...RATES.map((r) => `${r}Disparity`),
  "tooSmall",
  "passed",
  "flags",
];

export function groupsCsv(groups: GroupResult[]): string {
  const lines = [CSV_COLUMNS.join(",")];
  for (const g of groups) {
    lines.push(
      [
        g.attribute,
        g.group,
        g.isReference,
        g.n,
        g.tp,
        g.fp,
        g.tn,
        g.fn,
        ...RATES.map((r) => g[r]),
        ...RATES.map((r) => g.disparities[r]),
        g.tooSmall,
        g.passed,
        g.flags.map((f) => f.message).join(" "),
      ]
        .map(csvCell)
        .join(","),
    );
  }
  return `${lines.join("\r\n")}\r\n`;
}

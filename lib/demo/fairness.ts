// Demo bias audits for the seeded portfolio, as plain data: the seed posts them as row-level records generated from
// these counts, and tests read the same numbers to know what the pages and the API must show. Pure.
import type { AuditRecord } from "@/lib/fairness/counts";

type Cell = { attributes: Record<string, string>; tp: number; fp: number; tn: number; fn: number };

export type DemoAudit = {
  model: string;
  version: string;
  /** What the audit is meant to show, for the reader of the seed. */
  expect: "pass" | "fail";
  header: {
    name: string;
    dataset: string;
    sensitiveAttributes: string[];
    referenceGroups?: Record<string, string>;
    wording?: { predicted?: string; positive?: string; negative?: string };
  };
  cells: Cell[];
};

const cell = (attributes: Record<string, string>, [tp, fp, tn, fn]: [number, number, number, number], times = 1): Cell => ({
  attributes,
  tp: tp * times,
  fp: fp * times,
  tn: tn * times,
  fn: fn * times,
});

/** Row-level records adding up to the cells' counts: label and prediction 1 or 0, positive = 1. */
export function recordsFromCells(cells: Cell[]): AuditRecord[] {
  const out: AuditRecord[] = [];
  for (const c of cells) {
    const push = (n: number, label: number, prediction: number) => {
      for (let i = 0; i < n; i++) out.push({ label, prediction, attributes: c.attributes });
    };
    push(c.tp, 1, 1);
    push(c.fp, 0, 1);
    push(c.tn, 0, 0);
    push(c.fn, 1, 0);
  }
  return out;
}

const race = (r: string, sex: string) => ({ race: r, sex });
const RECID = {
  sensitiveAttributes: ["race", "sex"],
  referenceGroups: { race: "Caucasian" },
  wording: { predicted: "flagged as high risk", positive: "reoffend", negative: "do not reoffend" },
};
// Near-equal rates per race (all disparities within 0.9–1.1 of Caucasian): a model that passes.
const fairRecid = (aa: [number, number, number, number]) => [
  cell(race("African-American", "Male"), aa, 12),
  cell(race("African-American", "Female"), aa, 3),
  cell(race("Caucasian", "Male"), [30, 10, 50, 10], 9),
  cell(race("Caucasian", "Female"), [30, 10, 50, 10], 3),
  cell(race("Hispanic", "Male"), [29, 10, 51, 10], 3),
  cell(race("Hispanic", "Female"), [29, 10, 51, 10], 1),
  // 20 records: flagged as too small to judge, never failed.
  cell(race("Native American", "Male"), [5, 3, 9, 3]),
];

const CREDIT = {
  sensitiveAttributes: ["sex", "ageBand"],
  wording: { predicted: "refused credit", positive: "default", negative: "repay" },
};
const creditCells = (young: [number, number, number, number]) =>
  ["Female", "Male"].flatMap((sex) => [
    cell({ sex, ageBand: "18-24" }, young, 2),
    cell({ sex, ageBand: "25-44" }, [20, 10, 60, 10], 5),
    cell({ sex, ageBand: "45-64" }, [21, 10, 59, 10], 4),
    cell({ sex, ageBand: "65+" }, [19, 9, 62, 10], 2),
  ]);

export const DEMO_AUDITS: DemoAudit[] = [
  {
    model: "recidivism-risk",
    version: "2.0",
    expect: "fail",
    header: { name: "broward-2013-2014", dataset: "broward-county-holdout", ...RECID },
    // ProPublica's COMPAS counts for Black and white defendants, split by sex; Hispanic invented; Native American small.
    cells: [
      cell(race("African-American", "Male"), [1100, 650, 780, 430]),
      cell(race("African-American", "Female"), [269, 155, 210, 102]),
      cell(race("Caucasian", "Male"), [400, 270, 880, 370]),
      cell(race("Caucasian", "Female"), [105, 79, 259, 91]),
      cell(race("Hispanic", "Male"), [95, 70, 205, 100]),
      cell(race("Hispanic", "Female"), [25, 20, 55, 30]),
      cell(race("Native American", "Male"), [6, 3, 4, 2]),
    ],
  },
  {
    model: "recidivism-risk",
    version: "2.1",
    expect: "pass",
    header: { name: "holdout-2025Q4", dataset: "pretrial-holdout-2025Q4", ...RECID },
    cells: fairRecid([31, 11, 49, 9]),
  },
  {
    model: "recidivism-risk",
    version: "2.2",
    expect: "fail",
    header: { name: "holdout-2026Q2", dataset: "pretrial-holdout-2026Q2", ...RECID },
    // False positives for African-American defendants up to 16 in 60: 1.6× the Caucasian rate.
    cells: fairRecid([31, 16, 44, 9]),
  },
  {
    model: "credit-default",
    version: "1.1.0",
    expect: "pass",
    header: { name: "applications-2025H2", dataset: "applications-2025H2", ...CREDIT },
    cells: creditCells([20, 11, 59, 10]),
  },
  {
    model: "credit-default",
    version: "1.2.0",
    expect: "pass",
    header: { name: "applications-2026H1", dataset: "applications-2026H1", ...CREDIT },
    cells: creditCells([21, 10, 60, 9]),
  },
  {
    model: "credit-default",
    version: "1.3.0-rc1",
    expect: "fail",
    header: { name: "applications-2026H1", dataset: "applications-2026H1", ...CREDIT },
    // Applicants aged 18–24 flagged as likely to default far more often: selection rate 0.55 against 0.30.
    cells: creditCells([30, 25, 40, 5]),
  },
  {
    model: "resume-screening",
    version: "0.4.0",
    expect: "fail",
    header: {
      name: "applicants-2026-03",
      dataset: "applicant-pool-2026-03",
      sensitiveAttributes: ["sex"],
      wording: { predicted: "shortlisted", positive: "are qualified", negative: "are not qualified" },
    },
    cells: [
      cell({ sex: "Male" }, [40, 20, 30, 10], 10),
      cell({ sex: "Female" }, [22, 8, 42, 28], 8),
      cell({ sex: "Non-binary" }, [3, 1, 5, 3]),
    ],
  },
  {
    model: "fraud-card-tx",
    version: "3.6.0",
    expect: "pass",
    header: { name: "transactions-2026-04", dataset: "card-tx-labelled-2026-04", sensitiveAttributes: ["ageBand"] },
    cells: [
      cell({ ageBand: "18-34" }, [40, 10, 140, 10], 5),
      cell({ ageBand: "35-64" }, [41, 10, 139, 10], 8),
      cell({ ageBand: "65+" }, [39, 10, 141, 10], 3),
    ],
  },
  {
    model: "claims-triage",
    version: "1.0",
    expect: "pass",
    header: { name: "claims-2026Q1", dataset: "claims-2026Q1", sensitiveAttributes: ["language"] },
    cells: [cell({ language: "en" }, [50, 10, 30, 10], 10), cell({ language: "es" }, [49, 10, 31, 10], 3)],
  },
];

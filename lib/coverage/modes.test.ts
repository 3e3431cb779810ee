import { describe, expect, it } from "vitest";
import { type CoverageInputs, coverageOf, modeOfAlert, portfolioCounts } from "./modes";

const all: CoverageInputs = {
  model: "fraud",
  version: "1.0",
  stage: "production",
  runbookUrl: null,
  referenceProfile: true,
  labelled: true,
  telemetry: true,
  resources: true,
  deploymentReports: 3,
  latestReport: { environment: "production", status: "completed", ts: "2026-12-01T00:00:00.000Z" },
  kpiPoints: true,
  upstreamDatasets: 2,
  validatedUpstream: 0,
  failingUpstream: [],
  firing: [],
  permissionDenials: 0,
};
const mode = (i: CoverageInputs, m: string) => coverageOf(i).modes.find((x) => x.mode === m);

describe("coverageOf, pure", () => {
  it("shows an alert still firing on a blind signal, the page before the ticket, and ignores kinds it does not know", () => {
    const i = {
      ...all,
      referenceProfile: false,
      firing: [
        { kind: "drift", title: "amount drifted", severity: "ticket" },
        { kind: "capacity_forecast", title: "something new", severity: "page" },
        { kind: "burn_rate", title: "availability burning", severity: "ticket" },
        { kind: "burn_rate", title: "latency burning", severity: "page" },
      ],
    };
    expect(mode(i, "F5")).toMatchObject({ live: false, state: "firing", detail: "amount drifted" });
    expect(mode(i, "F3")).toMatchObject({ live: true, state: "firing", detail: "latency burning" });
    expect(
      coverageOf(i)
        .modes.filter((m) => m.state === "firing")
        .map((m) => m.mode),
    ).toEqual(["F3", "F5"]);
    expect(modeOfAlert("capacity_forecast")).toBeNull();
    expect(modeOfAlert("cold_start")).toBe("F7");
    expect(modeOfAlert("outlier")).toBe("F6");
  });

  it("names at most three failing datasets upstream, then how many more", () => {
    const failing = ["a", "b", "c", "d", "e"].map((n) => ({ datasetId: `dataset:wh:${n}`, name: n }));
    expect(mode({ ...all, validatedUpstream: 5, failingUpstream: failing }, "F6")?.detail).toBe(
      "The latest validation of 5 upstream datasets failed: a, b, c and 2 more.",
    );
  });

  it("F3 without resource points is live, with a note; F8 counts denials as a warning", () => {
    expect(mode({ ...all, resources: false }, "F3")).toMatchObject({ live: true, state: "ok" });
    expect(mode({ ...all, resources: false }, "F3")?.note).toMatch(/^No resource points in 24 hours/);
    expect(mode({ ...all, permissionDenials: 1 }, "F8")).toMatchObject({
      state: "warning",
      detail: "1 permission denial on this model's API in 24 hours.",
    });
  });

  it("counts blind and firing versions per mode", () => {
    const list = [
      coverageOf(all),
      coverageOf({ ...all, version: "2.0", labelled: false, deploymentReports: 0 }),
      coverageOf({ ...all, version: "3.0", labelled: false, firing: [{ kind: "quality", title: "accuracy low", severity: "ticket" }] }),
    ];
    expect(portfolioCounts(list).map((c) => `${c.mode} ${c.blind}/${c.firing}`)).toEqual([
      "F1 0/0",
      "F2 2/1",
      "F3 0/0",
      "F4 1/0",
      "F5 0/0",
      "F6 0/0",
      "F7 1/0",
      "F8 0/0",
    ]);
  });
});

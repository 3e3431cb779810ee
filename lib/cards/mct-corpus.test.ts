// The five model cards the Model Card Toolkit keeps in its own test data (tests/corpora/model-card-toolkit, see its
// README) imported through the real import path into a real store: each is saved, dates that read one way only become
// YYYY-MM-DD, relative links are kept as written, and every lenient reading is a warning naming its JSON path.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createModel } from "@/lib/inventory/models";
import { createVersion } from "@/lib/inventory/versions";
import { person } from "@/tests/actors";
import { useFreshStore } from "@/tests/store";
import { getCard, importCard } from "./cards";
import { readDate } from "./mct-lenient";

const owner = person("Chen", ["contributor"], 2);
const DIR = path.resolve(__dirname, "../../tests/corpora/model-card-toolkit");
const M = "mct-corpus";
const metric = (i: number, field: string) => `quantitative_analysis.performance_metrics[${i}].${field}`;

describe("reading the dates the toolkit's cards carry", () => {
  it("normalises a date that reads one way only, and gives both readings of one that does not", () => {
    expect(readDate("08/28/2020")).toEqual({ iso: "2020-08-28" }); // 28 > 12: month first
    expect(readDate("28.08.2020")).toEqual({ iso: "2020-08-28" }); // day first
    expect(readDate("2020/02/02")).toEqual({ iso: "2020-02-02" });
    expect(readDate("2020.2.9")).toEqual({ iso: "2020-02-09" });
    expect(readDate("02/02/2020")).toEqual({ iso: "2020-02-02" }); // both readings are the same day
    expect(readDate("2020-08-28T10:00:00Z")).toEqual({ iso: "2020-08-28" });
    expect(readDate("02/03/2020")).toEqual({ ambiguous: ["2020-02-03", "2020-03-02"] });
    expect(readDate("31/02/2020")).toBeNull(); // no such day either way
    expect(readDate("2019/02/29")).toBeNull();
    expect(readDate("August 28, 2020")).toBeNull();
  });
});

describe("Model Card Toolkit test cards (database)", () => {
  useFreshStore();

  const cases: { file: string; date: string; warnings: string[]; kept?: string[] }[] = [
    {
      file: "cats_vs_dogs_v0_0_1.json",
      date: "2020-08-28",
      warnings: [
        "schema_version",
        "model_details.version.date",
        metric(0, "value"),
        metric(1, "value"),
        metric(1, "confidence_interval.lower_bound"),
        metric(1, "confidence_interval.upper_bound"),
        metric(2, "value"),
        metric(2, "confidence_interval.lower_bound"),
        metric(2, "confidence_interval.upper_bound"),
      ],
    },
    { file: "cats_vs_dogs_v0_0_2.json", date: "2020-08-28", warnings: ["model_details.version.date"] },
    {
      file: "considerations.json",
      date: "2020-01-01",
      warnings: ["model_parameters.data[0].link", "model_parameters.data[1].link"],
      kept: ["link: path/to/train", "link: path/to/eval"],
    },
    { file: "full.json", date: "2020-02-02", warnings: ["model_details.version.date"] },
    { file: "train_data.json", date: "2020-01-01", warnings: ["model_parameters.data[0].link"], kept: ["link: path/to/train"] },
  ];

  it("imports all five, each with its warnings, dates normalised and relative links kept as written", async () => {
    expect(
      fs
        .readdirSync(DIR)
        .filter((f) => f.endsWith(".json"))
        .sort(),
    ).toEqual(cases.map((c) => c.file));
    await createModel(owner, { name: M, owner: owner.email, riskTier: "low" });
    for (const [i, c] of cases.entries()) {
      const version = `1.${i}`;
      await createVersion(owner, M, { version });
      const out = await importCard(owner, M, version, fs.readFileSync(path.join(DIR, c.file), "utf8"), "application/json");
      expect(out.revision, c.file).toBe(1);
      expect(out.format).toBe("mct");
      expect(
        out.warnings.map((w) => w.path),
        c.file,
      ).toEqual(c.warnings);
      const saved = await getCard(owner, M, version);
      expect(saved.card.modelDetails?.date, c.file).toBe(c.date);
      for (const k of c.kept ?? []) expect(saved.card.trainingData?.text, c.file).toContain(k);
    }
  });

  it("names what it did with each lenient reading", async () => {
    await createVersion(owner, M, { version: "2.0" });
    const card = JSON.parse(fs.readFileSync(path.join(DIR, "cats_vs_dogs_v0_0_2.json"), "utf8"));
    const out = await importCard(owner, M, "2.0", JSON.stringify(card), "application/json");
    expect(out.warnings).toEqual([
      { path: "model_details.version.date", message: '"08/28/2020" is not written YYYY-MM-DD; read as 2020-08-28' },
    ]);
    // A date that could be read two ways is kept as written, in the model details text, and the card has no date.
    card.model_details.version.date = "02/03/2020";
    await createVersion(owner, M, { version: "2.1" });
    const ambiguous = await importCard(owner, M, "2.1", JSON.stringify(card), "application/json");
    expect(ambiguous.warnings).toEqual([
      {
        path: "model_details.version.date",
        message: '"02/03/2020" could be 2020-02-03 or 2020-03-02; kept as written in the model details text',
      },
    ]);
    const saved = await getCard(owner, M, "2.1");
    expect(saved.card.modelDetails?.date).toBeUndefined();
    expect(saved.card.modelDetails?.text).toContain("date: 02/03/2020");
    const train = JSON.parse(fs.readFileSync(path.join(DIR, "train_data.json"), "utf8"));
    await createVersion(owner, M, { version: "2.2" });
    expect((await importCard(owner, M, "2.2", JSON.stringify(train), "application/json")).warnings).toEqual([
      {
        path: "model_parameters.data[0].link",
        message: '"path/to/train" is a relative link, not an absolute URI; kept as written in the training data text',
      },
    ]);
    // What is not a format the toolkit leaves unchecked is still refused, naming the field.
    await createVersion(owner, M, { version: "2.3" });
    await expect(
      importCard(
        owner,
        M,
        "2.3",
        JSON.stringify({ ...train, model_details: { ...train.model_details, version: { date: 20200101 } } }),
        "application/json",
      ),
    ).rejects.toMatchObject({
      status: 400,
      details: [expect.objectContaining({ path: "model_details.version.date" })],
    });
  });
});

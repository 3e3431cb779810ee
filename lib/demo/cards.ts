import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { copyFromPrevious, saveCard } from "@/lib/cards/cards";
import type { ModelCard, SectionKey } from "@/lib/cards/schemas";

/**
 * Demo model cards for the seeded portfolio, saved through saveCard as the model's owner like any other card:
 * complete for versions in production and staging, partial for older and newer ones, none for a few drafts,
 * and some new versions started as a copy of the previous card (needing review).
 */

export type DemoCardModel = {
  name: string;
  title: string;
  description: string;
  owner: string;
  team: string;
  riskTier: string;
  useCase: string;
  tags: string[];
  framework: string;
  metric: string;
};

// The order teams tend to fill a card in: a card with n sections has the first n of these.
const FILL_ORDER: SectionKey[] = [
  "modelDetails",
  "intendedUse",
  "trainingData",
  "metrics",
  "evaluationData",
  "quantitativeAnalyses",
  "factors",
  "ethicalConsiderations",
  "caveatsAndRecommendations",
];

const THRESHOLDS: Record<string, number> = { mape: 0.12, wape: 0.15, r2: 0.6 };

function fullCard(m: DemoCardModel, version: string, evaluationId: string | undefined, date: string): Required<ModelCard> {
  const regulated = m.tags.includes("regulated");
  const people = regulated || ["hr", "justice", "lending", "insurance"].some((t) => m.tags.includes(t));
  const feature = `features.${m.name.replace(/-/g, "_")}`;
  const threshold = THRESHOLDS[m.metric] ?? 0.7;
  return {
    modelDetails: {
      text: `${m.description}\n\n${m.title} ${version} is a ${m.framework} model maintained by the ${m.team} team.`,
      developers: [`${m.team} team`],
      date,
      type: `${m.framework} model`,
      license: "proprietary",
      contact: m.owner,
    },
    intendedUse: {
      text: `Supports ${m.useCase.toLowerCase()}. ${m.riskTier === "critical" || m.riskTier === "high" ? "Scores are advisory: a person makes every decision they inform." : "Used automatically within agreed guardrails."}`,
      primaryUses: [m.useCase],
      primaryUsers: [`The ${m.team} team`, "Operations analysts"],
      outOfScopeUses: ["Decisions about individuals without human review", "Markets or products the training data does not cover"],
    },
    factors: {
      text: people
        ? "Performance is reported for the groups the regulator and our fairness policy name."
        : "Performance is reported by region and by product line.",
      relevantFactors: people ? ["Age band", "Sex", "Region"] : ["Region", "Product line", "Season"],
      evaluationFactors: people ? ["Age band", "Sex"] : ["Region"],
    },
    metrics: {
      text: `${m.metric} is the headline metric; it is tracked per release and per slice.`,
      performanceMeasures: [
        { name: m.metric, threshold, why: `Below ${threshold} the model no longer beats the current process.` },
        ...(people ? [{ name: "disparate_impact", threshold: 0.8, why: "The four-fifths rule." }] : []),
      ],
    },
    evaluationData: {
      text: "An out-of-time holdout from the quarter after the training window.",
      datasets: [
        {
          name: `${m.name}-holdout`,
          link: `s3://models/${m.name}/data/holdout/`,
          description: "Held out by time; never used in training or tuning.",
        },
      ],
    },
    trainingData: {
      text: "Two years of history from the warehouse feature store, deduplicated and with known leakage columns removed.",
      datasets: [{ name: feature, link: `postgres://warehouse:5432/${feature}`, description: "Feature table refreshed nightly." }],
    },
    quantitativeAnalyses: {
      text: `Holdout results are recorded as evaluations of this version${people ? " and disaggregated in its bias audits" : ""}.`,
      evaluationIds: evaluationId ? [evaluationId] : [],
    },
    ethicalConsiderations: {
      text: people ? "The model informs decisions about people; errors fall unevenly if unchecked." : "Low direct impact on individuals.",
      items: people
        ? [
            {
              name: "Proxy discrimination",
              mitigation: "Protected attributes and close proxies are excluded; disparities are audited each release.",
            },
            { name: "Automation bias", mitigation: "Scores are shown with their main reasons and a reviewer decides." },
          ]
        : [{ name: "Feedback loops", mitigation: "A random holdout group is kept outside the model's influence." }],
    },
    caveatsAndRecommendations: {
      text: "- Retrain when the population drifts (PSI above 0.2 on key features)\n- Re-validate before use in a new market",
    },
  };
}

/** The first `sections` sections of the full card. */
function partial(card: Required<ModelCard>, sections: number): ModelCard {
  return Object.fromEntries(FILL_ORDER.slice(0, sections).map((k) => [k, card[k]]));
}

/**
 * Save the demo card of one version (called once per version, oldest first). `position` is the version's index
 * within its model and `modelIndex` the model's within the portfolio; they decide, deterministically, how far the
 * card got.
 */
export async function seedDemoCard(
  owner: Actor,
  m: DemoCardModel,
  version: { version: string; stage: string; position: number; evaluationId?: string },
  modelIndex: number,
): Promise<void> {
  const date = `2026-${String(1 + ((modelIndex + version.position) % 10)).padStart(2, "0")}-15`;
  const full = fullCard(m, version.version, version.evaluationId, date);
  const save = (card: ModelCard) => saveCard(owner, m.name, version.version, card, { source: "api" });
  switch (version.stage) {
    case "production":
      // A first draft, then the complete card: a revision history to diff.
      await save(partial(full, 4));
      await save(full);
      return;
    case "staging":
      await save(partial(full, 8)); // 89: enough for a production release's check (80)
      return;
    case "archived":
      await save(partial(full, 6)); // 67
      return;
    case "retired":
      await save(partial(full, 4)); // 44
      return;
    default:
      // Development: some have no card yet, some start from the previous version's (needing review), some a draft.
      if (modelIndex % 3 === 0) return;
      if (modelIndex % 3 === 1 && version.position > 0) {
        await copyFromPrevious(owner, m.name, version.version).catch(() => save(partial(full, 3)));
        return;
      }
      await save(partial(full, 3)); // 33
  }
}

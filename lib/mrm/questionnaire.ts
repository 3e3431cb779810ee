// The risk questionnaire, pure: its shape, the questions Steward ships, and the tier a set of answers suggests with
// the reason. Each option points to a tier; the suggestion is the highest tier any answer points to, and the reason
// names the answers that point there, so an owner and compliance can both see why.
import { z } from "zod";
import { RISK_TIERS, type RiskTier } from "../inventory/schemas";

const Slug = z.string().regex(/^[a-z][a-z0-9_]{0,63}$/, "must be a lower-case identifier (letters, digits, _), at most 64 characters");
const Tier = z.enum(RISK_TIERS, { message: `must be one of: ${RISK_TIERS.join(", ")}` });

export const QuestionOption = z.strictObject({ id: Slug, label: z.string().trim().min(1).max(200), tier: Tier });
export const Question = z.strictObject({
  id: Slug,
  text: z.string().trim().min(1).max(300),
  help: z.string().max(1000).optional(),
  options: z.array(QuestionOption).min(2).max(20),
});
export type Question = z.infer<typeof Question>;

/** The questions as admins edit them: ids unique, options' ids unique within their question. */
export const Questions = z
  .array(Question)
  .min(1)
  .max(40)
  .superRefine((qs, ctx) => {
    const seen = new Set<string>();
    qs.forEach((q, i) => {
      if (seen.has(q.id)) ctx.addIssue({ code: "custom", path: [i, "id"], message: `repeats the question id “${q.id}”` });
      seen.add(q.id);
      const opts = new Set<string>();
      q.options.forEach((o, j) => {
        if (opts.has(o.id)) ctx.addIssue({ code: "custom", path: [i, "options", j, "id"], message: `repeats the option id “${o.id}”` });
        opts.add(o.id);
      });
    });
  });

export const Answer = z.strictObject({ question: Slug, option: Slug });
export type Answer = z.infer<typeof Answer>;

/** What ships: the EU AI Act's Annex III use areas, autonomy, reach, data sensitivity and financial materiality. */
export const DEFAULT_QUESTIONS: Question[] = [
  {
    id: "annex_iii_area",
    text: "EU AI Act Annex III use area",
    help: "The area of Annex III the model is used in, if any. Areas where a wrong answer can take liberty or safety are critical.",
    options: [
      { id: "none", label: "None of the Annex III areas", tier: "low" },
      { id: "education", label: "Education and vocational training", tier: "high" },
      { id: "employment", label: "Employment and worker management", tier: "high" },
      { id: "essential_services", label: "Essential private and public services (credit, insurance, benefits)", tier: "high" },
      { id: "biometrics", label: "Biometrics", tier: "critical" },
      { id: "critical_infrastructure", label: "Critical infrastructure", tier: "critical" },
      { id: "law_enforcement", label: "Law enforcement", tier: "critical" },
      { id: "migration", label: "Migration, asylum and border control", tier: "critical" },
      { id: "justice", label: "Administration of justice and democratic processes", tier: "critical" },
    ],
  },
  {
    id: "autonomy",
    text: "Degree of autonomy",
    options: [
      { id: "advisory", label: "Advisory: a person decides, the model informs", tier: "low" },
      { id: "human_in_the_loop", label: "A person approves each decision", tier: "medium" },
      { id: "human_on_the_loop", label: "It decides; people monitor and can intervene", tier: "high" },
      { id: "autonomous", label: "It decides alone", tier: "high" },
    ],
  },
  {
    id: "people_affected",
    text: "People affected by its decisions, a year",
    options: [
      { id: "none", label: "None (internal operations only)", tier: "low" },
      { id: "under_1000", label: "Fewer than 1,000", tier: "low" },
      { id: "under_100000", label: "1,000 to 100,000", tier: "medium" },
      { id: "over_100000", label: "More than 100,000", tier: "high" },
    ],
  },
  {
    id: "data_sensitivity",
    text: "Most sensitive data it uses",
    options: [
      { id: "public", label: "Public or synthetic data", tier: "low" },
      { id: "internal", label: "Internal business data, no personal data", tier: "low" },
      { id: "personal", label: "Personal data", tier: "medium" },
      { id: "special_category", label: "Special-category data (health, biometrics, ethnicity, beliefs)", tier: "high" },
    ],
  },
  {
    id: "financial_materiality",
    text: "Financial materiality: money its decisions move, a year",
    options: [
      { id: "under_100k", label: "Less than 100,000", tier: "low" },
      { id: "under_10m", label: "100,000 to 10 million", tier: "medium" },
      { id: "under_100m", label: "10 million to 100 million", tier: "high" },
      { id: "over_100m", label: "More than 100 million", tier: "critical" },
    ],
  },
];

const RANK: Record<RiskTier, number> = { low: 0, medium: 1, high: 2, critical: 3 };

export type Suggestion = { tier: RiskTier; reason: string };

/** Every question answered once with one of its options; each problem names `answers[i].field` (or `answers`). */
export function checkAnswers(questions: readonly Question[], answers: readonly Answer[]): { path: string; message: string }[] {
  const problems: { path: string; message: string }[] = [];
  const byId = new Map(questions.map((q) => [q.id, q]));
  const answered = new Set<string>();
  answers.forEach((a, i) => {
    const q = byId.get(a.question);
    if (!q) problems.push({ path: `answers[${i}].question`, message: `is not a question of the questionnaire (“${a.question}”)` });
    else if (answered.has(a.question)) problems.push({ path: `answers[${i}].question`, message: `answers “${a.question}” a second time` });
    else if (!q.options.some((o) => o.id === a.option))
      problems.push({ path: `answers[${i}].option`, message: `is not an option of “${q.text}” (“${a.option}”)` });
    answered.add(a.question);
  });
  const missing = questions.filter((q) => !answered.has(q.id));
  if (missing.length) problems.push({ path: "answers", message: `leaves unanswered: ${missing.map((q) => q.id).join(", ")}` });
  return problems;
}

/** The highest tier any answer points to, and which answers point there. Call after checkAnswers found nothing. */
export function suggestTier(questions: readonly Question[], answers: readonly Answer[]): Suggestion {
  const picked = answers.flatMap((a) => {
    const q = questions.find((x) => x.id === a.question);
    const o = q?.options.find((x) => x.id === a.option);
    return q && o ? [{ q, o }] : [];
  });
  let tier: RiskTier = "low";
  for (const p of picked) if (RANK[p.o.tier] > RANK[tier]) tier = p.o.tier;
  const why = picked.filter((p) => p.o.tier === tier).map((p) => `${p.q.text}: ${p.o.label}`);
  const reason =
    tier === "low"
      ? "Every answer points to low risk."
      : `${tier[0].toUpperCase()}${tier.slice(1)}, the highest tier any answer points to, because of ${why.map((w) => `“${w}”`).join(" and ")}.`;
  return { tier, reason };
}

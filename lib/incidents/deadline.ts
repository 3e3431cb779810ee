// EU AI Act Article 73 reporting deadlines, pure. A provider of a high-risk AI system reports a serious incident to the
// market surveillance authority immediately once a causal link (or its reasonable likelihood) is established, and at
// the latest: 15 days after becoming aware of it (73(2)); 2 days for a widespread infringement or a serious and
// irreversible disruption of critical infrastructure (73(3)); 10 days where a person may have died (73(4)).
import { addDays, daysBetween, utcDay } from "../findings/status";

export const SERIOUS_CATEGORIES = ["standard", "widespread_or_critical_infrastructure", "death"] as const;
export type SeriousCategory = (typeof SERIOUS_CATEGORIES)[number];

export const REPORT_DAYS: Record<SeriousCategory, number> = { standard: 15, widespread_or_critical_infrastructure: 2, death: 10 };
export const ARTICLE: Record<SeriousCategory, string> = {
  standard: "Article 73(2)",
  widespread_or_critical_infrastructure: "Article 73(3)",
  death: "Article 73(4)",
};
export const CATEGORY_TITLES: Record<SeriousCategory, string> = {
  standard: "Serious incident (15 days)",
  widespread_or_critical_infrastructure: "Widespread infringement or critical infrastructure (2 days)",
  death: "Death of a person (10 days)",
};

export type Deadline = {
  category: SeriousCategory;
  article: string;
  awareOn: string;
  /** The last day (UTC) the report may be sent. */
  dueOn: string;
  /** Whole days from today to the due day: 0 on the day, negative once overdue. */
  daysLeft: number;
  overdue: boolean;
};

/** The report's deadline: awareness day plus the category's days (calendar days, UTC). */
export function reportDeadline(category: SeriousCategory, awareAt: Date, now: Date): Deadline {
  const awareOn = utcDay(awareAt);
  const dueOn = addDays(awareOn, REPORT_DAYS[category]);
  const daysLeft = daysBetween(utcDay(now), dueOn);
  return { category, article: ARTICLE[category], awareOn, dueOn, daysLeft, overdue: daysLeft < 0 };
}

/** "3 days left", "due today", "2 days overdue". */
export function deadlineWords(d: Pick<Deadline, "daysLeft">): string {
  if (d.daysLeft === 0) return "due today";
  const n = Math.abs(d.daysLeft);
  return `${n} day${n === 1 ? "" : "s"} ${d.daysLeft > 0 ? "left" : "overdue"}`;
}

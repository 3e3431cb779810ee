/** Figures as the debug dashboard shows them. Times are UTC, labelled, as everywhere in the portal. */
export { count, hhmm, hhmmss, ms, pct, when } from "@/components/oncall/format";

/** A test statistic or p-value: small p-values in exponent form, the rest to 3 significant digits. */
export function num(v: number | null | undefined): string {
  if (v === null || v === undefined) return "—";
  if (v === 0) return "0";
  const a = Math.abs(v);
  if (a < 0.001) return v.toExponential(1);
  return Number(v.toPrecision(3)).toLocaleString("en", { maximumFractionDigits: 4 });
}

export const METHOD: Record<string, string> = {
  ks: "Kolmogorov–Smirnov",
  chi_square: "χ² test",
  z: "two-proportion z-test",
  wasserstein: "Wasserstein-1 (normalised)",
  jensen_shannon: "Jensen–Shannon distance",
};
export const STAT: Record<string, string> = { ks: "D", chi_square: "χ²", z: "z", wasserstein: "W₁", jensen_shannon: "JS" };

/** A sample's value (a feature, prediction or label) as short text. */
export function value(v: unknown): string {
  if (v === null || v === undefined) return "—";
  if (typeof v === "number") return Number.isInteger(v) ? String(v) : Number(v.toPrecision(4)).toString();
  if (typeof v === "string") return v;
  return JSON.stringify(v);
}

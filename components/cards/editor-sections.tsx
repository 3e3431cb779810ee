"use client";
import Link from "next/link";
import { VerdictBadge } from "@/components/fairness/audit-verdict";
import { SECTIONS } from "@/lib/cards/schemas";
import type { CitedAudit, CitedEvaluation } from "./card-sections";
import type { DATASET_KEYS, Draft } from "./draft";
import { type Column, ListField, RowsField, TextField } from "./editor-fields";

export type Update = <K extends keyof Draft>(section: K, patch: Partial<Draft[K]>) => void;

const DATASET_COLUMNS: Column<(typeof DATASET_KEYS)[number]>[] = [
  { key: "name", label: "Name" },
  { key: "link", label: "Link", placeholder: "https://… or s3://…" },
  { key: "description", label: "Description", wide: true, multiline: true },
];

const HELP: Record<keyof Draft, string> = {
  modelDetails: "Who built it, when, what kind of model, its licence, and whom to ask.",
  intendedUse: "What it is for and for whom, and what it must not be used for.",
  factors: "The groups, instruments and conditions its performance may vary with.",
  metrics: "How performance is measured, and the bar each measure must clear.",
  evaluationData: "The data it was evaluated on, and why that data.",
  trainingData: "The data it was trained on, as far as can be said.",
  quantitativeAnalyses: "Results, overall and per factor. Cite this version's evaluations and bias audits.",
  ethicalConsiderations: "Risks to people, and what was done about each.",
  caveatsAndRecommendations: "What a user should know that the rest does not say.",
};

function Section({ k, children }: { k: keyof Draft; children: React.ReactNode }) {
  const title = SECTIONS.find((s) => s.key === k)?.title ?? k;
  return (
    <section
      id={`edit-${k}`}
      aria-labelledby={`edit-${k}-h`}
      className="mb-6 scroll-mt-4 rounded-lg border border-line bg-panel p-4 sm:p-5"
    >
      <h2 id={`edit-${k}-h`} className="text-lg font-semibold">
        {title}
      </h2>
      <p className="mb-4 text-sm text-muted">{HELP[k]}</p>
      <div className="space-y-4">{children}</div>
    </section>
  );
}

function toggle(ids: string[], id: string, on: boolean) {
  return on ? (ids.includes(id) ? ids : [...ids, id]) : ids.filter((x) => x !== id);
}

function Citations({
  d,
  update,
  evaluations,
  audits,
}: {
  d: Draft["quantitativeAnalyses"];
  update: Update;
  evaluations: CitedEvaluation[];
  audits: CitedAudit[];
}) {
  // Ids cited earlier that are no longer among the version's own, so they can still be seen and dropped.
  const strayEvals = d.evaluationIds.filter((id) => id && !evaluations.some((e) => e.id === id));
  const strayAudits = d.biasAuditIds.filter((id) => id && !audits.some((a) => a.id === id));
  const box = "mt-0.5 h-4 w-4 shrink-0 accent-[var(--color-brand)]";
  return (
    <div className="grid grid-cols-1 gap-4 md:grid-cols-2">
      <fieldset className="min-w-0">
        <legend className="mb-1 text-sm font-medium">Evaluations to cite</legend>
        {evaluations.length + strayEvals.length === 0 && (
          <p className="text-sm text-muted">This version has no evaluations recorded yet.</p>
        )}
        <ul className="space-y-1.5 text-sm">
          {evaluations.map((e) => (
            <li key={e.id}>
              <label className="flex items-start gap-2">
                <input
                  type="checkbox"
                  className={box}
                  checked={d.evaluationIds.includes(e.id)}
                  onChange={(ev) => update("quantitativeAnalyses", { evaluationIds: toggle(d.evaluationIds, e.id, ev.target.checked) })}
                />
                <span className="min-w-0 wrap-anywhere">
                  {e.dataset}
                  {e.slice ? ` (${e.slice})` : ""}:{" "}
                  <span className="font-mono text-xs">
                    {Object.entries(e.metrics)
                      .sort(([a], [b]) => a.localeCompare(b))
                      .map(([m, n]) => `${m} ${n}`)
                      .join(" · ")}
                  </span>
                </span>
              </label>
            </li>
          ))}
          {strayEvals.map((id) => (
            <li key={id}>
              <label className="flex items-start gap-2">
                <input
                  type="checkbox"
                  className={box}
                  checked
                  onChange={() => update("quantitativeAnalyses", { evaluationIds: toggle(d.evaluationIds, id, false) })}
                />
                <span className="min-w-0 wrap-anywhere">
                  <span className="font-mono text-xs">{id}</span> <span className="text-muted">(not an evaluation of this version)</span>
                </span>
              </label>
            </li>
          ))}
        </ul>
      </fieldset>
      <fieldset className="min-w-0">
        <legend className="mb-1 text-sm font-medium">Bias audits to cite</legend>
        {audits.length + strayAudits.length === 0 && <p className="text-sm text-muted">This version has no bias audits yet.</p>}
        <ul className="space-y-1.5 text-sm">
          {audits.map((a) => (
            <li key={a.id} className="flex flex-wrap items-start gap-x-2 gap-y-1">
              <label className="flex min-w-0 items-start gap-2">
                <input
                  type="checkbox"
                  className={box}
                  checked={d.biasAuditIds.includes(a.id)}
                  onChange={(ev) => update("quantitativeAnalyses", { biasAuditIds: toggle(d.biasAuditIds, a.id, ev.target.checked) })}
                />
                <span className="min-w-0 wrap-anywhere">{a.name}</span>
              </label>
              <VerdictBadge passed={a.passed} />
              <Link href={`/audits/${a.id}`} target="_blank" className="text-xs text-brand underline underline-offset-2">
                open<span className="sr-only"> the audit {a.name}</span>
              </Link>
            </li>
          ))}
          {strayAudits.map((id) => (
            <li key={id}>
              <label className="flex items-start gap-2">
                <input
                  type="checkbox"
                  className={box}
                  checked
                  onChange={() => update("quantitativeAnalyses", { biasAuditIds: toggle(d.biasAuditIds, id, false) })}
                />
                <span className="min-w-0 wrap-anywhere">
                  <span className="font-mono text-xs">{id}</span> <span className="text-muted">(not an audit of this version)</span>
                </span>
              </label>
            </li>
          ))}
        </ul>
      </fieldset>
    </div>
  );
}

/** One form section per card section, in the paper's order. */
export function EditorSections({
  draft: d,
  update,
  errors,
  evaluations,
  audits,
}: {
  draft: Draft;
  update: Update;
  errors: Record<string, string>;
  evaluations: CitedEvaluation[];
  audits: CitedAudit[];
}) {
  const text = (k: keyof Draft, rows = 4) => (
    <TextField
      path={`${k}.text`}
      label={`${SECTIONS.find((s) => s.key === k)?.title ?? k}: text`}
      markdown
      rows={rows}
      value={d[k].text}
      error={errors[`${k}.text`]}
      onChange={(v) => update(k, { text: v })}
    />
  );
  const md = d.modelDetails;
  const field = (
    key: Exclude<keyof Draft["modelDetails"], "developers">,
    label: string,
    extra: { type?: string; hint?: string; multiline?: boolean } = {},
  ) => (
    <TextField
      path={`modelDetails.${key}`}
      label={label}
      value={md[key]}
      error={errors[`modelDetails.${key}`]}
      onChange={(v) => update("modelDetails", { [key]: v })}
      {...extra}
    />
  );
  return (
    <>
      <Section k="modelDetails">
        {text("modelDetails")}
        <ListField
          path="modelDetails.developers"
          label="Developers"
          noun="developer"
          items={md.developers}
          errors={errors}
          onChange={(v) => update("modelDetails", { developers: v })}
        />
        <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
          {field("date", "Date", { type: "date", hint: "When this version was finished (YYYY-MM-DD)." })}
          {field("type", "Model type", { hint: "e.g. gradient-boosted trees, transformer" })}
          {field("license", "Licence")}
          {field("contact", "Contact", { hint: "Whom to ask: an email or a team channel." })}
        </div>
        {field("citation", "Citation", { multiline: true })}
      </Section>
      <Section k="intendedUse">
        {text("intendedUse")}
        <ListField
          path="intendedUse.primaryUses"
          label="Primary uses"
          noun="primary use"
          items={d.intendedUse.primaryUses}
          errors={errors}
          onChange={(v) => update("intendedUse", { primaryUses: v })}
        />
        <ListField
          path="intendedUse.primaryUsers"
          label="Primary users"
          noun="primary user"
          items={d.intendedUse.primaryUsers}
          errors={errors}
          onChange={(v) => update("intendedUse", { primaryUsers: v })}
        />
        <ListField
          path="intendedUse.outOfScopeUses"
          label="Out-of-scope uses"
          noun="out-of-scope use"
          items={d.intendedUse.outOfScopeUses}
          errors={errors}
          onChange={(v) => update("intendedUse", { outOfScopeUses: v })}
        />
      </Section>
      <Section k="factors">
        {text("factors")}
        <ListField
          path="factors.relevantFactors"
          label="Relevant factors"
          noun="relevant factor"
          items={d.factors.relevantFactors}
          errors={errors}
          onChange={(v) => update("factors", { relevantFactors: v })}
        />
        <ListField
          path="factors.evaluationFactors"
          label="Evaluation factors"
          noun="evaluation factor"
          items={d.factors.evaluationFactors}
          errors={errors}
          onChange={(v) => update("factors", { evaluationFactors: v })}
        />
      </Section>
      <Section k="metrics">
        {text("metrics")}
        <RowsField
          path="metrics.performanceMeasures"
          label="Performance measures"
          noun="performance measure"
          columns={[
            { key: "name", label: "Name", placeholder: "e.g. auc" },
            { key: "threshold", label: "Threshold", inputMode: "decimal", placeholder: "e.g. 0.8" },
            { key: "why", label: "Why it matters", wide: true, multiline: true },
          ]}
          rows={d.metrics.performanceMeasures}
          errors={errors}
          onChange={(v) => update("metrics", { performanceMeasures: v })}
        />
      </Section>
      {(["evaluationData", "trainingData"] as const).map((k) => (
        <Section key={k} k={k}>
          {text(k)}
          <RowsField
            path={`${k}.datasets`}
            label="Datasets"
            noun={k === "evaluationData" ? "evaluation dataset" : "training dataset"}
            columns={DATASET_COLUMNS}
            rows={d[k].datasets}
            errors={errors}
            onChange={(v) => update(k, { datasets: v })}
          />
        </Section>
      ))}
      <Section k="quantitativeAnalyses">
        {text("quantitativeAnalyses", 6)}
        <Citations d={d.quantitativeAnalyses} update={update} evaluations={evaluations} audits={audits} />
      </Section>
      <Section k="ethicalConsiderations">
        {text("ethicalConsiderations")}
        <RowsField
          path="ethicalConsiderations.items"
          label="Risks and mitigations"
          noun="consideration"
          columns={[
            { key: "name", label: "Risk", wide: true },
            { key: "mitigation", label: "Mitigation", wide: true, multiline: true },
          ]}
          rows={d.ethicalConsiderations.items}
          errors={errors}
          onChange={(v) => update("ethicalConsiderations", { items: v })}
        />
      </Section>
      <Section k="caveatsAndRecommendations">{text("caveatsAndRecommendations", 5)}</Section>
    </>
  );
}

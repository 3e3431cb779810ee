"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { ApiError, apiFetch } from "@/components/ui/api-form";
import { FormError } from "@/components/ui/field";
import { buttonClass, inputClass } from "@/components/ui/page";
import {
  CHECK_TITLES,
  type CheckMode,
  DATA_QUALITY_DEFAULT,
  MONITORING_COVERAGE_DEFAULT,
  OPEN_FINDINGS_DEFAULT,
  type PolicyRules,
} from "@/lib/releases/policy";

const TIERS = ["low", "medium", "high", "critical"] as const;
const STAGES = ["staging", "production"] as const;
const MODES: CheckMode[] = ["block", "warn", "off"];
type StageCheck = "card_completeness" | "evaluation" | "lineage_inputs" | "no_page_alert";
const STAGE_CHECKS: StageCheck[] = ["card_completeness", "evaluation", "lineage_inputs", "no_page_alert"];

/** The release policy as a form; saving makes a new policy version. */
export function PolicyForm({ rules: initial }: { rules: PolicyRules }) {
  const router = useRouter();
  const [rules, setRules] = useState<PolicyRules>(initial);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<number | null>(null);
  const set = (f: (r: PolicyRules) => PolicyRules) => {
    setSaved(null);
    setRules((r) => f(structuredClone(r)));
  };
  const modeSelect = (id: string, label: string, value: CheckMode, onChange: (m: CheckMode) => void) => (
    <select
      id={id}
      aria-label={label}
      className={`${inputClass} w-28 min-w-[6.75rem]`}
      value={value}
      onChange={(e) => onChange(e.target.value as CheckMode)}
    >
      {MODES.map((m) => (
        <option key={m} value={m}>
          {m === "block" ? "blocks" : m === "warn" ? "warns" : "off"}
        </option>
      ))}
    </select>
  );

  return (
    <form
      aria-label="Release policy"
      className="space-y-6"
      onSubmit={async (e) => {
        e.preventDefault();
        setBusy(true);
        setError(null);
        try {
          const p = await apiFetch<{ version: number }>("/api/v1/policies/release", "PUT", { rules });
          setSaved(p.version);
          router.refresh();
        } catch (err) {
          setError(
            err instanceof ApiError
              ? `${err.body.message} ${err.body.details.map((d) => `${d.path} ${d.message}`).join("; ")}`
              : "Could not save. Try again.",
          );
        } finally {
          setBusy(false);
        }
      }}
    >
      <fieldset>
        <legend className="mb-2 font-semibold">Approvals by risk tier</legend>
        <div className="overflow-x-auto">
          <table className="text-sm">
            <thead className="text-left text-xs uppercase tracking-wide text-muted">
              <tr>
                <th scope="col" className="py-1 pr-4">
                  Tier
                </th>
                <th scope="col" className="py-1 pr-4">
                  Approvals needed
                </th>
                <th scope="col" className="py-1">
                  One from compliance
                </th>
              </tr>
            </thead>
            <tbody>
              {TIERS.map((t) => (
                <tr key={t}>
                  <th scope="row" className="py-1 pr-4 text-left font-normal">
                    {t}
                  </th>
                  <td className="py-1 pr-4">
                    <input
                      type="number"
                      min={1}
                      max={10}
                      aria-label={`Approvals needed for ${t} risk`}
                      className={`${inputClass} w-20`}
                      value={rules.requiredApprovals[t]}
                      onChange={(e) => set((r) => ({ ...r, requiredApprovals: { ...r.requiredApprovals, [t]: Number(e.target.value) } }))}
                    />
                  </td>
                  <td className="py-1">
                    <input
                      type="checkbox"
                      aria-label={`${t} risk needs a compliance approval`}
                      className="size-4"
                      checked={rules.complianceApproval.includes(t)}
                      onChange={(e) =>
                        set((r) => ({
                          ...r,
                          complianceApproval: e.target.checked ? [...r.complianceApproval, t] : r.complianceApproval.filter((x) => x !== t),
                        }))
                      }
                    />
                  </td>
                </tr>
              ))}
              <tr>
                <th scope="row" className="py-1 pr-4 text-left font-normal">
                  {CHECK_TITLES.data_quality}
                </th>
                {STAGES.map((s) => (
                  <td key={s} className="py-1 pr-4">
                    {modeSelect(
                      `data_quality-${s}`,
                      `${CHECK_TITLES.data_quality}, to ${s}`,
                      (rules.checks.data_quality ?? DATA_QUALITY_DEFAULT).mode[s],
                      (m) =>
                        set((r) => {
                          r.checks.data_quality = { mode: { ...(r.checks.data_quality ?? DATA_QUALITY_DEFAULT).mode, [s]: m } };
                          return r;
                        }),
                    )}
                  </td>
                ))}
              </tr>
              <tr>
                <th scope="row" className="py-1 pr-4 text-left font-normal">
                  {CHECK_TITLES.open_findings}
                </th>
                {STAGES.map((s) => (
                  <td key={s} className="py-1 pr-4">
                    {modeSelect(
                      `open_findings-${s}`,
                      `${CHECK_TITLES.open_findings}, to ${s}`,
                      (rules.checks.open_findings ?? OPEN_FINDINGS_DEFAULT).mode[s],
                      (m) =>
                        set((r) => {
                          r.checks.open_findings = { mode: { ...(r.checks.open_findings ?? OPEN_FINDINGS_DEFAULT).mode, [s]: m } };
                          return r;
                        }),
                    )}
                  </td>
                ))}
              </tr>
            </tbody>
          </table>
        </div>
      </fieldset>
      <fieldset>
        <legend className="mb-2 font-semibold">Checks</legend>
        <div className="mb-3 flex items-center gap-2 text-sm">
          <label htmlFor="min-completeness">Minimum card completeness (%)</label>
          <input
            id="min-completeness"
            type="number"
            min={0}
            max={100}
            className={`${inputClass} w-20`}
            value={rules.checks.card_completeness.min}
            onChange={(e) =>
              set((r) => ({
                ...r,
                checks: { ...r.checks, card_completeness: { ...r.checks.card_completeness, min: Number(e.target.value) } },
              }))
            }
          />
        </div>
        <div className="overflow-x-auto">
          <table className="text-sm">
            <thead className="text-left text-xs uppercase tracking-wide text-muted">
              <tr>
                <th scope="col" className="py-1 pr-4">
                  Check
                </th>
                {STAGES.map((s) => (
                  <th key={s} scope="col" className="py-1 pr-4">
                    To {s}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {STAGE_CHECKS.map((c) => (
                <tr key={c}>
                  <th scope="row" className="py-1 pr-4 text-left font-normal">
                    {CHECK_TITLES[c]}
                  </th>
                  {STAGES.map((s) => (
                    <td key={s} className="py-1 pr-4">
                      {modeSelect(`${c}-${s}`, `${CHECK_TITLES[c]}, to ${s}`, rules.checks[c].mode[s], (m) =>
                        set((r) => {
                          r.checks[c].mode[s] = m;
                          return r;
                        }),
                      )}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <p className="mt-4 mb-1 text-sm font-medium">{CHECK_TITLES.bias_audit}, by risk tier (both targets)</p>
        <div className="flex flex-wrap gap-3">
          {TIERS.map((t) => (
            <div key={t} className="flex items-center gap-2 text-sm">
              <span>{t}</span>
              {modeSelect(`bias-${t}`, `${CHECK_TITLES.bias_audit}, ${t} risk`, rules.checks.bias_audit.mode[t], (m) =>
                set((r) => {
                  r.checks.bias_audit.mode[t] = m;
                  return r;
                }),
              )}
            </div>
          ))}
        </div>
        <p className="mt-4 mb-1 text-sm font-medium">{CHECK_TITLES.monitoring_coverage} (candidates for production)</p>
        <div className="flex flex-wrap items-center gap-3 text-sm">
          <label htmlFor="max-blind-spots">Failure modes a candidate may be blind to</label>
          <input
            id="max-blind-spots"
            type="number"
            min={0}
            max={8}
            className={`${inputClass} w-20`}
            value={(rules.checks.monitoring_coverage ?? MONITORING_COVERAGE_DEFAULT).maxBlindSpots}
            onChange={(e) =>
              set((r) => {
                r.checks.monitoring_coverage = {
                  ...(r.checks.monitoring_coverage ?? MONITORING_COVERAGE_DEFAULT),
                  maxBlindSpots: Number(e.target.value),
                };
                return r;
              })
            }
          />
          {modeSelect(
            "monitoring_coverage-production",
            `${CHECK_TITLES.monitoring_coverage}, to production`,
            (rules.checks.monitoring_coverage ?? MONITORING_COVERAGE_DEFAULT).mode,
            (m) =>
              set((r) => {
                r.checks.monitoring_coverage = { ...(r.checks.monitoring_coverage ?? MONITORING_COVERAGE_DEFAULT), mode: m };
                return r;
              }),
          )}
        </div>
      </fieldset>
      <FormError message={error} />
      {saved !== null && (
        <p role="status" className="text-sm text-ok">
          Saved as policy version {saved}. New requests and resubmissions are judged under it.
        </p>
      )}
      <button type="submit" className={buttonClass} disabled={busy}>
        {busy ? "Saving…" : "Save as a new policy version"}
      </button>
    </form>
  );
}

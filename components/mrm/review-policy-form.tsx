"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { ApiError, apiFetch } from "@/components/ui/api-form";
import { FormError } from "@/components/ui/field";
import { buttonClass, inputClass, labelClass } from "@/components/ui/page";
import type { ReviewPolicyRules } from "@/lib/mrm/schemas";

const TIERS = ["low", "medium", "high", "critical"] as const;

/** The periodic review policy as a form; saving makes a new version. Checklists: one item a line. */
export function ReviewPolicyForm({ rules: initial }: { rules: ReviewPolicyRules }) {
  const router = useRouter();
  const [rules, setRules] = useState<ReviewPolicyRules>(initial);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<number | null>(null);
  // Checklists are edited as text (one item a line) and split when saved, so a new line can be typed.
  const [drafts, setDrafts] = useState<Record<(typeof TIERS)[number], string>>({
    low: initial.checklists.low.join("\n"),
    medium: initial.checklists.medium.join("\n"),
    high: initial.checklists.high.join("\n"),
    critical: initial.checklists.critical.join("\n"),
  });
  const set = (f: (r: ReviewPolicyRules) => void) => {
    setSaved(null);
    setRules((r) => {
      const c = structuredClone(r);
      f(c);
      return c;
    });
  };
  return (
    <form
      aria-label="Review policy"
      className="space-y-6"
      onSubmit={async (e) => {
        e.preventDefault();
        setBusy(true);
        setError(null);
        try {
          const lines = (t: (typeof TIERS)[number]) =>
            drafts[t]
              .split("\n")
              .map((x) => x.trim())
              .filter(Boolean);
          const checklists = { low: lines("low"), medium: lines("medium"), high: lines("high"), critical: lines("critical") };
          const p = await apiFetch<{ version: number }>("/api/v1/review-policy", "PUT", { rules: { ...rules, checklists } });
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
        <legend className="mb-2 font-semibold">Months between reviews</legend>
        <p className="mb-2 text-sm text-muted">Leave a tier empty to review it only when someone starts a review.</p>
        <div className="grid grid-cols-2 gap-3 sm:grid-cols-4">
          {TIERS.map((t) => (
            <div key={t}>
              <label htmlFor={`interval-${t}`} className={labelClass}>
                {t}
              </label>
              <input
                id={`interval-${t}`}
                type="number"
                min={1}
                max={120}
                className={inputClass}
                value={rules.intervals[t] ?? ""}
                onChange={(e) =>
                  set((r) => {
                    r.intervals[t] = e.target.value === "" ? null : Number(e.target.value);
                  })
                }
              />
            </div>
          ))}
        </div>
      </fieldset>
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-2">
        <div>
          <label htmlFor="attestation-months" className={labelClass}>
            Months between owners' attestations
          </label>
          <input
            id="attestation-months"
            type="number"
            min={1}
            max={60}
            className={inputClass}
            value={rules.attestationMonths}
            onChange={(e) =>
              set((r) => {
                r.attestationMonths = Number(e.target.value);
              })
            }
          />
        </div>
        <div>
          <label htmlFor="effective-from" className={labelClass}>
            Effective from (optional)
          </label>
          <input
            id="effective-from"
            type="date"
            className={inputClass}
            value={rules.effectiveFrom ?? ""}
            aria-describedby="effective-from-hint"
            onChange={(e) =>
              set((r) => {
                r.effectiveFrom = e.target.value || null;
              })
            }
          />
          <p id="effective-from-hint" className="mt-1 text-xs text-muted">
            A model never reviewed is first due one interval after the later of this date and its first production.
          </p>
        </div>
      </div>
      <fieldset>
        <legend className="mb-2 font-semibold">Checklist per tier (one item a line)</legend>
        <div className="grid grid-cols-1 gap-3 lg:grid-cols-2">
          {TIERS.map((t) => (
            <div key={t}>
              <label htmlFor={`checklist-${t}`} className={labelClass}>
                {t}
              </label>
              <textarea
                id={`checklist-${t}`}
                rows={6}
                className={inputClass}
                value={drafts[t]}
                onChange={(e) => {
                  setSaved(null);
                  setDrafts((d) => ({ ...d, [t]: e.target.value }));
                }}
              />
            </div>
          ))}
        </div>
      </fieldset>
      <FormError message={error} />
      <div className="flex items-center gap-3">
        <button type="submit" className={buttonClass} disabled={busy}>
          {busy ? "Saving…" : "Save as a new version"}
        </button>
        {saved !== null && (
          <p role="status" className="text-sm">
            Saved as version {saved}.
          </p>
        )}
      </div>
    </form>
  );
}

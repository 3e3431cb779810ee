"use client";
import { useRouter } from "next/navigation";
import { formMessage, useApiForm } from "@/components/ui/api-form";
import { Field, FormError } from "@/components/ui/field";
import { buttonClass, secondaryButtonClass } from "@/components/ui/page";
import type { FindingView } from "@/lib/findings/schemas";

type May = { update: boolean; close: boolean; acceptRisk: boolean };

/** The moves the caller may make on a finding (the page asked the policy), each a call to /api/v1/findings/{id}. */
export function FindingActions({ finding: f, may }: { finding: FindingView; may: May }) {
  const router = useRouter();
  const base = `/api/v1/findings/${f.id}`;
  const update = useApiForm<FindingView>(base, "PATCH");
  const close = useApiForm<FindingView>(`${base}/close`);
  const accept = useApiForm<FindingView>(`${base}/accept-risk`);
  const done = { onSuccess: () => router.refresh() };
  const field = (e: React.FormEvent<HTMLFormElement>, k: string) => String(new FormData(e.currentTarget).get(k) ?? "").trim();
  return (
    <div className="grid gap-6">
      {may.update && (
        <form
          aria-label="Work the finding"
          data-testid="finding-update-form"
          className="grid gap-3"
          onSubmit={(e) => {
            e.preventDefault();
            const intent = (e.nativeEvent as SubmitEvent).submitter?.getAttribute("value");
            update.mutate(
              {
                remediationPlan: field(e, "remediationPlan"),
                dueDate: field(e, "dueDate"),
                ...(intent === "start" ? { status: "in_remediation" } : {}),
                ...(intent === "ready" ? { readyForValidation: true } : {}),
              },
              done,
            );
          }}
        >
          <Field
            name="remediationPlan"
            label="Remediation plan"
            textarea
            defaultValue={f.remediationPlan ?? ""}
            error={update.fieldErrors.remediationPlan}
          />
          <Field name="dueDate" label="Due date" type="date" defaultValue={f.dueDate} error={update.fieldErrors.dueDate} />
          <FormError message={formMessage(update.error, update.fieldErrors)} />
          <div className="flex flex-wrap gap-2">
            <button type="submit" value="save" className={secondaryButtonClass} disabled={update.isPending}>
              Save
            </button>
            {f.status !== "in_remediation" && (
              <button type="submit" value="start" className={buttonClass} disabled={update.isPending}>
                Save and start remediation
              </button>
            )}
            {f.status === "in_remediation" && !f.readyForValidation && (
              <button type="submit" value="ready" className={buttonClass} disabled={update.isPending}>
                Ready for validation
              </button>
            )}
          </div>
        </form>
      )}
      {may.close && (
        <form
          aria-label="Close the finding"
          data-testid="finding-close-form"
          className="grid gap-3"
          onSubmit={(e) => {
            e.preventDefault();
            close.mutate({ validationComment: field(e, "validationComment") }, done);
          }}
        >
          <Field
            name="validationComment"
            label="How the remediation was validated"
            textarea
            required
            error={close.fieldErrors.validationComment}
          />
          <FormError message={formMessage(close.error, close.fieldErrors)} />
          <div>
            <button type="submit" className={buttonClass} disabled={close.isPending}>
              Close the finding
            </button>
          </div>
        </form>
      )}
      {may.acceptRisk && (
        <form
          aria-label="Accept the risk"
          data-testid="finding-accept-form"
          className="grid gap-3"
          onSubmit={(e) => {
            e.preventDefault();
            accept.mutate({ until: field(e, "until"), justification: field(e, "justification") }, done);
          }}
        >
          <Field
            name="until"
            label="Accepted through"
            type="date"
            required
            hint="At most a year; open again the day after."
            error={accept.fieldErrors.until}
          />
          <Field name="justification" label="Why the risk is acceptable" textarea required error={accept.fieldErrors.justification} />
          <FormError message={formMessage(accept.error, accept.fieldErrors)} />
          <div>
            <button type="submit" className={secondaryButtonClass} disabled={accept.isPending}>
              Accept the risk
            </button>
          </div>
        </form>
      )}
    </div>
  );
}

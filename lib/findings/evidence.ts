import "server-only";
import { sql } from "drizzle-orm";
import { rows } from "@/db/client";
import { blocksRelease, effectiveStatus, type FindingStatus, type Severity } from "./status";

export type BlockingFinding = { id: string; title: string; severity: Severity; status: FindingStatus; dueDate: string };

/**
 * The findings that stop a release of this version (the open_findings check): high or critical, open or in
 * remediation (an acceptance past its expiry counts as open), raised against the model as a whole or this version.
 */
export async function blockingFindings(modelId: number, versionId: number, now = new Date()): Promise<BlockingFinding[]> {
  const list = await rows<{
    id: string;
    title: string;
    severity: Severity;
    status: FindingStatus;
    due_date: string;
    risk_accepted_until: string | null;
  }>(sql`
    select id, title, severity, status, due_date::text as due_date, risk_accepted_until::text as risk_accepted_until
    from findings
    where model_id = ${modelId} and (version_id is null or version_id = ${versionId})
      and status <> 'closed' and severity in ('high', 'critical')
    order by case severity when 'critical' then 0 else 1 end, due_date, id`);
  return list
    .filter((f) => blocksRelease({ status: f.status, riskAcceptedUntil: f.risk_accepted_until, severity: f.severity }, now))
    .map((f) => ({
      id: f.id,
      title: f.title,
      severity: f.severity,
      status: effectiveStatus({ status: f.status, riskAcceptedUntil: f.risk_accepted_until }, now),
      dueDate: f.due_date,
    }));
}

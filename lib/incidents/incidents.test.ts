// Incidents (database): recorded from a firing alert or by hand, the timeline, corrective actions, the EU AI Act
// Article 73 deadlines (worked by hand from the awareness day) and the report document compliance sends.
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { rows } from "@/db/client";
import { type Actor, SYSTEM } from "@/lib/auth/actor";
import type { Role } from "@/lib/auth/roles";
import { createUser } from "@/lib/auth/users";
import { raiseFinding } from "@/lib/findings/findings";
import { createModel } from "@/lib/inventory/models";
import { createVersion } from "@/lib/inventory/versions";
import { useFreshStore } from "@/tests/store";
import { deadlineWords, reportDeadline } from "./deadline";
import { addTimelineEntry, createIncident, updateIncident } from "./incidents";
import { getIncident } from "./read";
import { incidentReport } from "./report";

let uid = 900;
const user = (email: string, ...roles: Role[]): Actor => ({ type: "user", userId: uid++, email, name: email.split("@")[0], roles });
const oncall = user("otto@bank.example", "contributor");
const compliance = user("carla@bank.example", "compliance");
const reviewer = user("vera@bank.example", "reviewer");
const viewer = user("vic@bank.example", "viewer");

async function failure(p: Promise<unknown>) {
  try {
    await p;
  } catch (e) {
    return e as { status: number; code: string; message: string };
  }
  throw new Error("expected a failure");
}

describe("Article 73 deadlines (pure)", () => {
  const aware = new Date("2026-12-01T09:30:00Z");
  it("adds 15, 2 and 10 days to the day of awareness", () => {
    expect(reportDeadline("standard", aware, aware).dueOn).toBe("2026-12-16");
    expect(reportDeadline("widespread_or_critical_infrastructure", aware, aware).dueOn).toBe("2026-12-03");
    expect(reportDeadline("death", aware, aware).dueOn).toBe("2026-12-11");
  });
  it("counts the days left and overdue", () => {
    const on = (day: string) => reportDeadline("widespread_or_critical_infrastructure", aware, new Date(`${day}T23:00:00Z`));
    expect(on("2026-12-01")).toMatchObject({ daysLeft: 2, overdue: false, article: "Article 73(3)" });
    expect(deadlineWords(on("2026-12-03"))).toBe("due today");
    expect(on("2026-12-05")).toMatchObject({ daysLeft: -2, overdue: true });
    expect(deadlineWords(on("2026-12-05"))).toBe("2 days overdue");
    expect(deadlineWords(on("2026-12-02"))).toBe("1 day left");
  });
});

describe("incidents (database)", () => {
  useFreshStore();
  let alertId = "";

  it("records an incident from a firing alert, prefilled from it", async () => {
    for (const u of [oncall, compliance, reviewer, viewer]) await createUser(SYSTEM, { email: u.email, name: u.name, roles: u.roles });
    await createModel(SYSTEM, {
      name: "credit",
      title: "Credit limits",
      owner: oncall.email,
      riskTier: "high",
      useCase: "Set card limits",
    });
    await createVersion(SYSTEM, "credit", { version: "2.1" });
    const [a] = await rows<{
      id: string;
    }>(sql`insert into alerts (kind, key, model_id, version_id, severity, state, title, fired_at, evaluated_at)
      select 'burn_rate', 'test', m.id, v.id, 'page', 'firing', 'Availability burn on credit 2.1', '2026-12-01T08:05:00Z', now()
      from models m join model_versions v on v.model_id = m.id where m.name = 'credit' returning id`);
    alertId = a.id;
    expect(await failure(createIncident(viewer, { alertId }))).toMatchObject({ status: 403 });
    const i = await createIncident(oncall, { alertId }, new Date("2026-12-01T08:20:00Z"));
    expect(i).toMatchObject({
      model: "credit",
      version: "2.1",
      alertId,
      title: "Availability burn on credit 2.1",
      severity: "high",
      status: "open",
      startedAt: "2026-12-01T08:05:00.000Z",
      detectedAt: "2026-12-01T08:20:00.000Z",
      seriousCategory: null,
      deadline: null,
    });
    expect(i.timeline).toEqual([
      {
        id: expect.any(Number),
        ts: "2026-12-01T08:20:00.000Z",
        text: "Recorded from the alert “Availability burn on credit 2.1”.",
        author: "otto@bank.example",
      },
    ]);
    expect(await failure(createIncident(oncall, { title: "x" }))).toMatchObject({ status: 400 });
  });

  it("keeps a timeline, links corrective findings, and lets only compliance mark it serious and produce the report", async () => {
    const [{ id }] = (await rows<{ id: string }>(sql`select id from incidents`)) as { id: string }[];
    await addTimelineEntry(oncall, id, { text: "Rolled back to 2.0.", ts: "2026-12-01T09:00:00Z" });
    await updateIncident(oncall, id, {
      status: "resolved",
      resolvedAt: "2026-12-01T09:10:00Z",
      impact: "Card limits frozen for an hour.",
      decisionsAffected: "Limit increases requested during the outage",
      decisionsAffectedCount: 412,
      rootCause: "A feature store schema change dropped income.",
    });
    const fix = await raiseFinding(reviewer, {
      model: "credit",
      incidentId: id,
      severity: "high",
      title: "No schema contract on the feature store",
      description: "x",
      dueDate: "2027-01-15",
    });
    expect(await failure(updateIncident(oncall, id, { seriousCategory: "standard" }))).toMatchObject({ status: 403 });
    expect(await failure(incidentReport(oncall, id, "markdown"))).toMatchObject({ status: 403 });
    const now = new Date("2026-12-05T10:00:00Z");
    const serious = await updateIncident(compliance, id, { seriousCategory: "standard", awareAt: "2026-12-01T10:00:00Z" }, now);
    expect(serious.deadline).toEqual({
      category: "standard",
      article: "Article 73(2)",
      awareOn: "2026-12-01",
      dueOn: "2026-12-16",
      daysLeft: 11,
      overdue: false,
    });
    const detail = await getIncident(viewer, id, now);
    expect(detail.findings.map((f) => f.id)).toEqual([fix.id]);
    expect(detail.timeline.map((t) => t.text)).toEqual([
      "Recorded from the alert “Availability burn on credit 2.1”.",
      "Rolled back to 2.0.",
    ]);

    process.env.PROVIDER_NAME = "Example Bank plc";
    const md = await incidentReport(compliance, id, "markdown", now);
    for (const line of [
      "# Serious incident report: Availability burn on credit 2.1",
      "- **Provider:** Example Bank plc",
      "- **AI system:** Credit limits (credit)",
      "- **Version:** 2.1",
      "- **Intended purpose:** Set card limits",
      "- **Legal basis:** EU AI Act (Regulation (EU) 2024/1689), Article 73(2)",
      "- **Provider aware on:** 2026-12-01",
      "- **Report due by:** 2026-12-16 (11 days left on 2026-12-05)",
      "- **Started:** 2026-12-01T08:05:00.000Z",
      "- **Resolved:** 2026-12-01T09:10:00.000Z",
      "- **Impact:** Card limits frozen for an hour.",
      "- **Number of decisions affected:** 412",
      "A feature store schema change dropped income.",
      `- No schema contract on the feature store (high, open, due 2027-01-15; finding ${fix.id})`,
      "- 2026-12-01T09:00:00.000Z — Rolled back to 2.0. (otto@bank.example)",
    ])
      expect(md.split("\n")).toContain(line);
    const html = await incidentReport(compliance, id, "html", now);
    expect(html).toContain("<dt>Report due by</dt><dd>2026-12-16 (11 days left on 2026-12-05)</dd>");
    delete process.env.PROVIDER_NAME;
  });
});

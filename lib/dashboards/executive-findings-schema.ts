import { z } from "zod";

export const FindingsPanel = z
  .object({
    /** Active findings (open or in remediation; an acceptance past its expiry counts as open) by severity. */
    open: z.object({ low: z.number().int(), medium: z.number().int(), high: z.number().int(), critical: z.number().int() }),
    overdue: z.number().int(),
    /** Days the oldest overdue finding is past its due date; null when none is overdue. */
    oldestOverdueDays: z.number().int().nullable(),
    oldestOverdue: z.object({ id: z.string(), title: z.string(), model: z.string() }).nullable(),
  })
  .meta({ id: "ExecutiveFindings" });
export type FindingsPanelData = z.infer<typeof FindingsPanel>;

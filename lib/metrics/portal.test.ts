import { describe, expect, it } from "vitest";
import { portalMetrics, workerRan } from "./portal";

describe("the portal's own metrics", () => {
  it("export when each background worker last finished a pass, in Unix seconds", async () => {
    workerRan("alert_evaluator", Date.UTC(2026, 11, 7, 12, 0, 0));
    workerRan("checkpoint_publisher", Date.UTC(2026, 11, 7, 12, 0, 30));
    const text = await portalMetrics().registry.metrics();
    // 2026-12-07T12:00:00Z is 1,796,644,800 s after the epoch.
    expect(text).toContain('steward_worker_last_run_timestamp_seconds{worker="alert_evaluator"} 1796644800');
    expect(text).toContain('steward_worker_last_run_timestamp_seconds{worker="checkpoint_publisher"} 1796644830');
  });
});

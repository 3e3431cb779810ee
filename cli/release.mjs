// release request, release wait (the CI gate), release show.
import { CliError, EXIT, seg } from "./http.mjs";

/** @typedef {import("./main.mjs").Ctx} Ctx */

/** "90", "500ms", "90s", "15m", "2h" → milliseconds. @param {string} s @param {string} flag */
export function duration(s, flag) {
  const ms = s.endsWith("ms");
  const unit = ms ? "ms" : s.slice(-1);
  const scale = ms ? 1 : unit === "s" ? 1000 : unit === "m" ? 60_000 : unit === "h" ? 3_600_000 : 0;
  const n = Number(scale ? s.slice(0, -unit.length) : s);
  if (!s.trim() || !Number.isFinite(n) || n < 0)
    throw new CliError(`${flag} takes seconds or a duration such as 500ms, 90s, 15m, 2h; got ${JSON.stringify(s)}.`, { exit: EXIT.usage });
  return n * (scale || 1000);
}

const checkLine = (/** @type {{ status: string, title: string, detail: string, blocking?: boolean }} */ c) =>
  `  ${c.status.padEnd(4)} ${c.title}: ${c.detail}`;

export async function releaseRequest(/** @type {Ctx} */ ctx) {
  const [model, version] = ctx.need(2, "release request MODEL VERSION");
  const o = ctx.opts;
  const target = o.target ?? "production";
  if (!o.summary) throw new CliError("release request needs --summary TEXT: what changes and why.", { exit: EXIT.usage });
  const rollout = o.rollout
    ? { strategy: o.rollout, ...(o["canary-percent"] ? { canaryPercent: Number(o["canary-percent"]) } : {}) }
    : undefined;
  const r = await ctx.api.request("POST", "/api/v1/releases", {
    json: { model, version, targetStage: target, summary: o.summary, ...(rollout ? { rollout } : {}) },
  });
  const rel = r.body;
  if (ctx.json) return ctx.out(rel, "");
  // The id alone on stdout, so `ID=$(steward release request …)` works; the rest is for the log.
  process.stdout.write(`${rel.id}\n`);
  process.stderr.write(
    `Requested release ${rel.id}: ${model} ${version} → ${target}; ${rel.requiredApprovals} approval${rel.requiredApprovals === 1 ? "" : "s"} needed.\n`,
  );
  for (const c of rel.checks ?? []) process.stderr.write(`${checkLine(c)}\n`);
}

export async function releaseShow(/** @type {Ctx} */ ctx) {
  const [id] = ctx.need(1, "release show ID");
  const r = await ctx.api.get(`/api/v1/releases/${seg(id)}`);
  const rel = r.body;
  ctx.out(
    rel,
    [
      `${rel.model} ${rel.version} → ${rel.targetStage}: ${rel.status} (${rel.approvals.length} of ${rel.requiredApprovals} approvals)`,
      ...rel.checks.map(checkLine),
    ].join("\n"),
  );
}

/**
 * Poll the release until it is decided: exit 0 approved; 1 rejected, changes requested or cancelled; 2 when --timeout
 * passes first. A refusal (401, 403, 404) ends the wait at once (3); a network error or a 5xx is tried again.
 */
export async function releaseWait(/** @type {Ctx} */ ctx) {
  const [id] = ctx.need(1, "release wait ID");
  const timeout = duration(ctx.opts.timeout ?? "30m", "--timeout");
  const interval = Math.max(200, duration(ctx.opts.interval ?? "10s", "--interval"));
  const deadline = Date.now() + timeout;
  let last = "";
  /** @type {any} */
  let rel = null;
  for (;;) {
    try {
      rel = (await ctx.api.get(`/api/v1/releases/${seg(id)}`)).body;
    } catch (e) {
      if (!(e instanceof CliError) || (e.status !== undefined && e.status < 500 && e.status !== 429)) throw e;
      if (!ctx.quiet) process.stderr.write(`release wait: ${e.message.split("\n")[0]}; trying again\n`);
    }
    if (rel) {
      const line = `${rel.status}, ${rel.approvals.length} of ${rel.requiredApprovals} approvals`;
      if (line !== last && !ctx.quiet) process.stderr.write(`release ${id}: ${line}\n`);
      last = line;
      if (rel.status !== "pending") break;
    }
    const left = deadline - Date.now();
    if (left <= 0) {
      const msg = `Timed out after ${ctx.opts.timeout ?? "30m"}: release ${id} is still ${rel?.status ?? "unknown"}.`;
      if (ctx.json) process.stdout.write(`${JSON.stringify({ id, status: rel?.status ?? null, outcome: "timeout" })}\n`);
      throw new CliError(msg, { exit: EXIT.timeout });
    }
    await new Promise((r) => setTimeout(r, Math.min(interval, left)));
  }
  const last_ = rel.decisions.at(-1);
  const by = last_ ? ` by ${last_.reviewer}: ${last_.comment}` : "";
  if (rel.status === "approved") return ctx.out(rel, `Release ${id} approved: ${rel.model} ${rel.version} is in ${rel.targetStage}.`);
  ctx.out(rel, "");
  const what = rel.status === "changes_requested" ? "Changes were requested" : rel.status === "rejected" ? "Rejected" : "Cancelled";
  throw new CliError(`${what}${rel.status === "cancelled" ? "" : by} (release ${id}).`, { exit: EXIT.refused });
}

// `steward import mlflow`: an MLflow tracking server's model registry, read over its REST API (registered-models/search,
// model-versions/search, runs/get), made into Steward models and versions. A dry run unless --apply; a second run
// finds everything in place and changes nothing.
import { CliError, EXIT, seg } from "./http.mjs";

/** @typedef {import("./main.mjs").Ctx} Ctx */
/** @typedef {{ name: string, description?: string, tags?: { key: string, value: string }[], aliases?: { alias: string, version: string }[] }} RegisteredModel */
/** @typedef {{ name: string, version: string, current_stage?: string, description?: string, source?: string, run_id?: string, status?: string, aliases?: string[], tags?: { key: string, value: string }[] }} ModelVersion */
/** @typedef {{ action: string, model: string, version?: string, detail: string, apply?: () => Promise<unknown> }} Step */

/** MLflow's stages (current_stage) and what they are in Steward (API.md "Stages"). */
export const STAGE_OF = new Map([
  ["None", "development"],
  ["Staging", "staging"],
  ["Production", "production"],
  ["Archived", "archived"],
]);

/** Aliases that say where a version serves, as MLflow's own docs name them; --alias-stage adds or overrides. */
export const DEFAULT_ALIAS_STAGES = new Map([
  ["champion", "production"],
  ["production", "production"],
  ["prod", "production"],
  ["challenger", "staging"],
  ["staging", "staging"],
]);

const RANK = new Map([
  ["development", 0],
  ["staging", 1],
  ["production", 2],
]);
const MAX_TAG = 64;

/** An MLflow name as a Steward slug: lower case, other characters as "-", at most 128. */
export function slugOf(/** @type {string} */ name) {
  let s = "";
  for (const ch of name.toLowerCase())
    s += (ch >= "a" && ch <= "z") || (ch >= "0" && ch <= "9") || ch === "." || ch === "_" || ch === "-" ? ch : "-";
  let i = 0;
  while (i < s.length && !((s[i] >= "a" && s[i] <= "z") || (s[i] >= "0" && s[i] <= "9"))) i++;
  return s.slice(i, i + 128);
}

/**
 * An MLflow run id (uuid4().hex: 32 hex digits) as the UUID Steward's trainingRunId takes; null for anything that is
 * not an RFC 9562 UUID without its dashes (version 1–8, variant 10xx), which stays in the version's params only.
 */
export function runUuid(/** @type {string | undefined} */ id) {
  if (!id || id.length !== 32 || ![...id].every((c) => "0123456789abcdefABCDEF".includes(c))) return null;
  const h = id.toLowerCase();
  if (!"12345678".includes(h[12]) || !"89ab".includes(h[16])) return null;
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

class Mlflow {
  /** @param {string} url @param {NodeJS.ProcessEnv} env @param {string | undefined} token */
  constructor(url, env, token) {
    try {
      const u = new URL(url);
      if (u.protocol !== "http:" && u.protocol !== "https:") throw new Error();
      this.base = u.href.replace(/\/+$/, "");
    } catch {
      throw new CliError(`--url must be the MLflow tracking server's http(s) address; got ${JSON.stringify(url)}.`, { exit: EXIT.usage });
    }
    /** @type {Record<string, string>} */
    this.headers = { accept: "application/json" };
    const t = token ?? env.MLFLOW_TRACKING_TOKEN;
    if (t) this.headers.authorization = `Bearer ${t}`;
    else if (env.MLFLOW_TRACKING_USERNAME)
      this.headers.authorization = `Basic ${Buffer.from(`${env.MLFLOW_TRACKING_USERNAME}:${env.MLFLOW_TRACKING_PASSWORD ?? ""}`).toString("base64")}`;
  }

  /** GET /api/2.0/mlflow/{path}; MLflow's error body ({error_code, message}) becomes a CliError. @param {string} path @param {Record<string, string>} query */
  async get(path, query) {
    const url = `${this.base}/api/2.0/mlflow/${path}?${new URLSearchParams(query)}`;
    let res;
    try {
      res = await fetch(url, { headers: this.headers });
    } catch (e) {
      throw new CliError(
        `Could not reach MLflow at ${this.base}: ${/** @type {any} */ (e)?.cause?.code ?? /** @type {Error} */ (e).message}.`,
      );
    }
    const text = await res.text();
    let body = null;
    try {
      body = JSON.parse(text);
    } catch {}
    if (!res.ok) {
      const why = body?.error_code ? `${body.error_code}: ${body.message ?? ""}` : `HTTP ${res.status}`;
      throw new CliError(`MLflow refused GET ${path}: ${why}`, { status: res.status });
    }
    if (!body || typeof body !== "object") throw new CliError(`MLflow's answer to GET ${path} is not JSON.`);
    return body;
  }

  /** Every page of a search: `field` from each, following next_page_token. @param {string} path @param {string} field @param {Record<string, string>} query */
  async *pages(path, field, query) {
    let token = "";
    for (let n = 0; n < 100_000; n++) {
      const body = await this.get(path, { ...query, ...(token ? { page_token: token } : {}) });
      for (const item of body[field] ?? []) yield item;
      token = typeof body.next_page_token === "string" ? body.next_page_token : "";
      if (!token) return;
    }
  }
}

/** The latest value of each metric (runs/get gives one a key; if a server gives more, the latest step, then time). */
export function latestMetrics(
  /** @type {{ key: string, value: number, timestamp?: number | string, step?: number | string }[]} */ metrics,
) {
  /** @type {Map<string, { value: number, step: number, ts: number }>} */
  const best = new Map();
  for (const m of metrics ?? []) {
    if (typeof m?.key !== "string" || typeof m.value !== "number" || !Number.isFinite(m.value)) continue;
    const step = Number(m.step ?? 0);
    const ts = Number(m.timestamp ?? 0);
    const prev = best.get(m.key);
    if (!prev || step > prev.step || (step === prev.step && ts >= prev.ts)) best.set(m.key, { value: m.value, step, ts });
  }
  /** @type {Record<string, number>} */
  const out = Object.create(null);
  for (const [k, v] of [...best].sort(([a], [b]) => (a < b ? -1 : 1))) out[k] = v.value;
  return out;
}

export async function importMlflow(/** @type {Ctx} */ ctx) {
  ctx.need(0, "import mlflow --url MLFLOW_URL");
  const o = ctx.opts;
  if (!o.url) throw new CliError("import mlflow needs --url, the MLflow tracking server (e.g. http://mlflow:5000).", { exit: EXIT.usage });
  const ml = new Mlflow(o.url, ctx.env, o["mlflow-token"]);
  const pageSize = String(Math.max(1, Math.min(1000, Number(o["page-size"] ?? 100) || 100)));
  const riskTier = o["risk-tier"] ?? "medium";
  const owner = o.owner ?? (await ctx.api.get("/api/v1/me")).body.email;
  const aliasStages = new Map(DEFAULT_ALIAS_STAGES);
  for (const p of o["alias-stage"] ?? []) {
    const eq = p.indexOf("=");
    const stage = p.slice(eq + 1);
    if (eq < 1 || !RANK.has(stage) || stage === "development")
      throw new CliError(`--alias-stage takes ALIAS=staging|production; got ${JSON.stringify(p)}.`, { exit: EXIT.usage });
    aliasStages.set(p.slice(0, eq), stage);
  }

  /** @type {Step[]} */
  const steps = [];
  /** @type {Map<string, string>} */
  const slugs = new Map();
  for await (const rm of /** @type {AsyncGenerator<RegisteredModel>} */ (
    ml.pages("registered-models/search", "registered_models", { max_results: pageSize })
  )) {
    const slug = slugOf(rm.name);
    if (!slug || slugs.has(slug)) {
      steps.push({
        action: "skip",
        model: rm.name,
        detail: slug ? `same Steward name ${slug} as MLflow's ${slugs.get(slug)}` : "no usable name",
      });
      continue;
    }
    slugs.set(slug, rm.name);
    await planModel(ctx, ml, rm, slug, { owner, riskTier, pageSize, aliasStages }, steps);
  }

  const changes = steps.filter((s) => s.apply);
  if (o.apply) for (const s of changes) await /** @type {() => Promise<unknown>} */ (s.apply)();
  const verb = o.apply ? "done" : "would do";
  ctx.out(
    { applied: Boolean(o.apply), changes: changes.length, steps: steps.map(({ apply: _, ...s }) => s) },
    [
      ...steps.map(
        (s) =>
          `${s.apply ? (o.apply ? "done " : "plan ") : "     "}${s.action.padEnd(15)} ${s.model}${s.version ? ` ${s.version}` : ""}: ${s.detail}`,
      ),
      changes.length === 0
        ? "Nothing to change: Steward already matches the MLflow registry."
        : `${changes.length} change${changes.length === 1 ? "" : "s"} ${verb}${o.apply ? "" : "; run again with --apply to make them"}.`,
    ].join("\n"),
  );
}

/**
 * @param {Ctx} ctx @param {Mlflow} ml @param {RegisteredModel} rm @param {string} slug
 * @param {{ owner: string, riskTier: string, pageSize: string, aliasStages: Map<string, string> }} cfg @param {Step[]} steps
 */
async function planModel(ctx, ml, rm, slug, cfg, steps) {
  const api = ctx.api;
  const modelPath = `/api/v1/models/${seg(slug)}`;
  const found = await api.get(modelPath, [404]);
  const existing = found.status === 404 ? null : found.body;
  const description = rm.description?.trim() ? rm.description : null;
  // MLflow's tags and aliases as Steward tags ("key=value", "mlflow-alias:champion=3"); longer ones do not fit.
  const aliases = (rm.aliases ?? []).map((a) => `mlflow-alias:${a.alias}=${a.version}`);
  const mlTags = [...(rm.tags ?? []).map((t) => `${t.key}=${t.value}`), ...aliases].filter((t) => t.length <= MAX_TAG);
  const title = rm.name === slug ? undefined : rm.name;
  if (!existing) {
    const body = {
      name: slug,
      owner: cfg.owner,
      riskTier: cfg.riskTier,
      ...(title ? { title } : {}),
      ...(description ? { description } : {}),
      ...(mlTags.length ? { tags: mlTags.slice(0, 50) } : {}),
    };
    steps.push({
      action: "create model",
      model: slug,
      detail: `from MLflow ${JSON.stringify(rm.name)}, owner ${cfg.owner}, ${cfg.riskTier} risk, ${mlTags.length} tags`,
      apply: () => api.request("POST", "/api/v1/models", { json: body }),
    });
  } else {
    // Tags of an alias that has moved are replaced; tags set in Steward by hand stay.
    const kept = existing.tags.filter((/** @type {string} */ t) => !t.startsWith("mlflow-alias:") || aliases.includes(t));
    const tags = [...kept, ...mlTags.filter((t) => !kept.includes(t))].slice(0, 50);
    /** @type {Record<string, unknown>} */
    const patch = {};
    if (description !== null && description !== existing.description) patch.description = description;
    if (tags.length !== existing.tags.length || tags.some((t, i) => t !== existing.tags[i])) patch.tags = tags;
    if (Object.keys(patch).length)
      steps.push({
        action: "update model",
        model: slug,
        detail: `set ${Object.keys(patch).join(" and ")} from MLflow`,
        apply: () => api.request("PATCH", modelPath, { json: patch }),
      });
    else steps.push({ action: "unchanged", model: slug, detail: "model as in MLflow" });
  }

  /** @type {Map<string, string>} */
  const stored = new Map((existing?.versions ?? []).map((/** @type {{ version: string, stage: string }} */ v) => [v.version, v.stage]));
  /** @type {Set<string>} */
  const open = new Set(
    (existing?.openReleases ?? [])
      .filter((/** @type {any} */ r) => r.status === "pending" || r.status === "changes_requested")
      .map((/** @type {any} */ r) => `${r.version}>${r.targetStage}`),
  );
  /** @type {ModelVersion[]} */
  const versions = [];
  const filter = `name='${rm.name.replaceAll("'", "\\'")}'`;
  for await (const mv of ml.pages("model-versions/search", "model_versions", { filter, max_results: cfg.pageSize }))
    if (mv.name === rm.name) versions.push(mv);
  versions.sort((a, b) => Number(a.version) - Number(b.version) || (a.version < b.version ? -1 : 1));
  const aliasOf = new Map((rm.aliases ?? []).map((a) => [a.version, a.alias]));

  for (const mv of versions) {
    const v = String(mv.version);
    if (mv.status && mv.status !== "READY") {
      steps.push({ action: "skip", model: slug, version: v, detail: `MLflow status ${mv.status}` });
      continue;
    }
    const mlStage = mv.current_stage ?? "None";
    // Where it serves: the higher of its stage and the stage its aliases name (a model-version's own aliases, or the model's).
    const versionAliases = mv.aliases?.length ? mv.aliases : aliasOf.has(v) ? [aliasOf.get(v)] : [];
    let target = STAGE_OF.get(mlStage) ?? "development";
    let why = `MLflow stage ${mlStage}`;
    for (const a of versionAliases) {
      const s = cfg.aliasStages.get(/** @type {string} */ (a));
      if (s && (target === "archived" || (RANK.get(s) ?? 0) > (RANK.get(target) ?? 0))) {
        target = s;
        why = `MLflow alias ${a}`;
      }
    }
    const now = stored.get(v);
    const versionPath = `${modelPath}/versions/${seg(v)}`;
    if (now === undefined) {
      const run = mv.run_id
        ? await ml.get("runs/get", { run_id: mv.run_id }).then(
            (b) => b.run,
            () => null,
          )
        : null;
      const metrics = latestMetrics(run?.data?.metrics ?? []);
      /** @type {Record<string, unknown>} */
      const params = Object.create(null);
      for (const p of run?.data?.params ?? []) if (typeof p?.key === "string") params[p.key] = p.value;
      params["mlflow.model"] = rm.name;
      params["mlflow.version"] = v;
      params["mlflow.stage"] = mlStage;
      if (mv.run_id) params["mlflow.run_id"] = mv.run_id;
      if (versionAliases.length) params["mlflow.aliases"] = versionAliases;
      const gitCommit = (run?.data?.tags ?? []).find((/** @type {any} */ t) => t?.key === "mlflow.source.git.commit")?.value;
      const trainingRunId = runUuid(mv.run_id);
      const body = {
        version: v,
        ...(mv.description?.trim() ? { description: mv.description } : {}),
        ...(mv.source ? { artifactUri: mv.source } : {}),
        ...(trainingRunId ? { trainingRunId } : {}),
        ...(typeof gitCommit === "string" && gitCommit.length <= 100 ? { gitCommit } : {}),
        ...(Object.keys(metrics).length ? { metrics } : {}),
        params,
      };
      const note = mv.run_id && !run ? "; its run could not be read, so no metrics" : "";
      steps.push({
        action: "create version",
        model: slug,
        version: v,
        detail: `${Object.keys(metrics).length} metrics, ${Object.keys(params).length} params from run ${mv.run_id ?? "(none)"}${note}`,
        apply: () => api.request("POST", `${modelPath}/versions`, { json: body }),
      });
    }
    const current = now ?? "development";
    if (target === "staging" || target === "production") {
      if (current === target || (current === "production" && target === "staging"))
        steps.push({ action: "unchanged", model: slug, version: v, detail: `${current} in Steward (${why})` });
      else if (open.has(`${v}>${target}`))
        steps.push({ action: "unchanged", model: slug, version: v, detail: `a release to ${target} is open (${why})` });
      else
        steps.push({
          action: "request release",
          model: slug,
          version: v,
          detail: `to ${target}: ${why}; reviewers decide it in Steward`,
          apply: () =>
            api.request("POST", "/api/v1/releases", {
              json: { model: slug, version: v, targetStage: target, summary: `Imported from MLflow: ${rm.name} version ${v} (${why}).` },
            }),
        });
    } else if (target === "archived") {
      if (current === "archived" || current === "retired")
        steps.push({ action: "unchanged", model: slug, version: v, detail: `${current} in Steward (${why})` });
      else if (current === "production")
        steps.push({ action: "skip", model: slug, version: v, detail: `${why}, but in production in Steward: only a release replaces it` });
      else
        steps.push({
          action: "retire",
          model: slug,
          version: v,
          detail: why,
          apply: () => api.request("POST", `${versionPath}/retire`, { json: { reason: `Archived in MLflow (${rm.name} version ${v}).` } }),
        });
    } else if (now !== undefined) steps.push({ action: "unchanged", model: slug, version: v, detail: `${current} in Steward (${why})` });
  }
}

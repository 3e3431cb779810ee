// model register, version register, evaluation add, whoami.

import { readFile } from "node:fs/promises";
import { CliError, EXIT, seg } from "./http.mjs";

/** @typedef {import("./main.mjs").Ctx} Ctx */

/** "k=v" pairs into an object; values through `value`. @param {string[]} pairs @param {string} flag @param {(v: string) => unknown} value */
export function pairs(pairs, flag, value) {
  /** @type {Record<string, unknown>} */
  const out = Object.create(null);
  for (const p of pairs) {
    const eq = p.indexOf("=");
    if (eq < 1) throw new CliError(`${flag} takes KEY=VALUE; got ${JSON.stringify(p)}.`, { exit: EXIT.usage });
    out[p.slice(0, eq)] = value(p.slice(eq + 1));
  }
  return out;
}

/** A number, or a usage error naming the flag. @param {string} flag */
export const number = (flag) => (/** @type {string} */ v) => {
  const n = Number(v);
  if (v.trim() === "" || !Number.isFinite(n)) throw new CliError(`${flag}: ${JSON.stringify(v)} is not a number.`, { exit: EXIT.usage });
  return n;
};

/** A JSON file holding an object. @param {string} file @param {string} flag */
async function jsonObject(file, flag) {
  let v;
  try {
    v = JSON.parse(await readFile(file, "utf8"));
  } catch (e) {
    throw new CliError(`${flag} ${file}: ${/** @type {Error} */ (e).message}.`, { exit: EXIT.usage });
  }
  if (typeof v !== "object" || v === null || Array.isArray(v))
    throw new CliError(`${flag} ${file} must hold a JSON object.`, { exit: EXIT.usage });
  return v;
}

/** A registration that exists already: with --exists-ok, the stored one; otherwise the API's 409. */
async function createOrExisting(
  /** @type {Ctx} */ ctx,
  /** @type {string} */ path,
  /** @type {unknown} */ body,
  /** @type {string} */ existingPath,
) {
  const res = await ctx.api.request("POST", path, { json: body, accept: ctx.opts["exists-ok"] ? [409] : [] });
  if (res.status !== 409) return { created: true, body: res.body };
  const existing = await ctx.api.get(existingPath);
  return { created: false, body: existing.body };
}

export async function modelRegister(/** @type {Ctx} */ ctx) {
  const [name] = ctx.need(1, "model register NAME");
  const o = ctx.opts;
  if (!o.owner || !o["risk-tier"])
    throw new CliError("model register needs --owner EMAIL and --risk-tier low|medium|high|critical.", { exit: EXIT.usage });
  const body = {
    name,
    owner: o.owner,
    riskTier: o["risk-tier"],
    ...(o.title ? { title: o.title } : {}),
    ...(o.description ? { description: o.description } : {}),
    ...(o.team ? { team: o.team } : {}),
    ...(o["use-case"] ? { useCase: o["use-case"] } : {}),
    ...(o.tag?.length ? { tags: o.tag } : {}),
  };
  const r = await createOrExisting(ctx, "/api/v1/models", body, `/api/v1/models/${seg(name)}`);
  ctx.out(
    r.body,
    r.created ? `Registered model ${name} (${body.riskTier} risk, owner ${body.owner}).` : `Model ${name} exists already; left as it is.`,
  );
}

export async function versionRegister(/** @type {Ctx} */ ctx) {
  const [model, version] = ctx.need(2, "version register MODEL VERSION");
  const o = ctx.opts;
  const metrics = {
    ...(o["metrics-file"] ? await jsonObject(o["metrics-file"], "--metrics-file") : {}),
    ...pairs(o.metric ?? [], "--metric", number("--metric")),
  };
  const params = {
    ...(o["params-file"] ? await jsonObject(o["params-file"], "--params-file") : {}),
    ...pairs(o.param ?? [], "--param", (v) => v),
  };
  const inputs = (o.input ?? []).map((/** @type {string} */ s) => {
    const comma = s.lastIndexOf(",");
    if (comma < 1 || comma === s.length - 1)
      throw new CliError(`--input takes NAMESPACE,NAME; got ${JSON.stringify(s)}.`, { exit: EXIT.usage });
    return { namespace: s.slice(0, comma), name: s.slice(comma + 1) };
  });
  const body = {
    version,
    ...(o.description ? { description: o.description } : {}),
    ...(o["artifact-uri"] ? { artifactUri: o["artifact-uri"] } : {}),
    ...(o.framework ? { framework: o.framework } : {}),
    ...(o["git-commit"] ? { gitCommit: o["git-commit"] } : {}),
    ...(o["training-run-id"] ? { trainingRunId: o["training-run-id"] } : {}),
    ...(inputs.length ? { inputs } : {}),
    ...(Object.keys(metrics).length ? { metrics } : {}),
    ...(Object.keys(params).length ? { params } : {}),
  };
  const base = `/api/v1/models/${seg(model)}/versions`;
  const r = await createOrExisting(ctx, base, body, `${base}/${seg(version)}`);
  ctx.out(
    r.body,
    r.created
      ? `Registered ${model} ${version} (stage development, ${Object.keys(metrics).length} metrics).`
      : `${model} ${version} exists already; left as it is.`,
  );
}

export async function evaluationAdd(/** @type {Ctx} */ ctx) {
  const [model, version] = ctx.need(2, "evaluation add MODEL VERSION");
  const o = ctx.opts;
  const metrics = pairs(o.metric ?? [], "--metric", number("--metric"));
  if (!o.dataset || !Object.keys(metrics).length)
    throw new CliError("evaluation add needs --dataset NAME and at least one --metric KEY=NUMBER.", { exit: EXIT.usage });
  const body = { dataset: o.dataset, metrics, ...(o.slice ? { slice: o.slice } : {}) };
  const r = await ctx.api.request("POST", `/api/v1/models/${seg(model)}/versions/${seg(version)}/evaluations`, { json: body });
  ctx.out(r.body, `Recorded an evaluation of ${model} ${version} on ${o.dataset}.`);
}

export async function whoami(/** @type {Ctx} */ ctx) {
  const r = await ctx.api.get("/api/v1/me");
  ctx.out(r.body, `${r.body.email} (${(r.body.roles ?? []).join(", ")})`);
}

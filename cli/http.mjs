// The CLI's one HTTP client: the Steward API over fetch, with the bearer token, an Idempotency-Key on every POST, and
// the API's error body turned into a CliError that names the field. Node's standard library only.
import { createHash } from "node:crypto";

/** Exit codes, the same for every command (README "Command line"). */
export const EXIT = { ok: 0, refused: 1, timeout: 2, failed: 3, usage: 4 };

/** An error the CLI reports in one sentence and exits with. `api` is the API's `{code, message, details}` when it answered. */
export class CliError extends Error {
  /**
   * @param {string} message
   * @param {{ exit?: number, status?: number, api?: { code: string, message: string, details?: { path: string, message: string }[] } }} [info]
   */
  constructor(message, info = {}) {
    super(message);
    this.exit = info.exit ?? EXIT.failed;
    this.status = info.status;
    this.api = info.api;
  }
}

/**
 * The run a CI system is in, so a retried step (same run) sends the same Idempotency-Keys and a new pipeline run new
 * ones. STEWARD_RUN_ID wins; then GitHub Actions' and GitLab CI's own ids.
 * @param {Record<string, string | undefined>} env
 */
export function ciRunId(env) {
  return (
    env.STEWARD_RUN_ID ||
    (env.GITHUB_RUN_ID ? `gh:${env.GITHUB_REPOSITORY ?? ""}:${env.GITHUB_RUN_ID}` : "") ||
    (env.CI_PIPELINE_ID ? `gl:${env.CI_PROJECT_ID ?? ""}:${env.CI_PIPELINE_ID}` : "")
  );
}

/**
 * The Idempotency-Key of a write: a digest of the CI run, the method, the path and the body's digest, so the same
 * write in the same run is the same key and the server stores it once.
 * @param {string} run @param {string} method @param {string} path @param {string} bodyDigest
 */
export function idempotencyKey(run, method, path, bodyDigest) {
  return `steward-cli-${createHash("sha256").update(`${run}\n${method}\n${path}\n${bodyDigest}`).digest("hex").slice(0, 48)}`;
}

export const sha256 = (/** @type {string | Uint8Array} */ data) => createHash("sha256").update(data).digest("hex");

/** One line per field the API named, under its sentence. */
export function describeApiError(
  /** @type {{ code: string, message: string, details?: { path: string, message: string }[] }} */ e,
  /** @type {number} */ status,
) {
  const lines = [`${e.message} (${e.code}, HTTP ${status})`];
  const details = e.details ?? [];
  for (const d of details.slice(0, 20)) lines.push(`  ${d.path}: ${d.message}`);
  if (details.length > 20) lines.push(`  … and ${details.length - 20} more`);
  return lines.join("\n");
}

export class Api {
  /** @param {{ url: string, token: string, run?: string, userAgent?: string }} o */
  constructor(o) {
    let base;
    try {
      base = new URL(o.url);
    } catch {
      throw new CliError(`STEWARD_URL is not a URL: ${JSON.stringify(o.url)}.`, { exit: EXIT.usage });
    }
    if (base.protocol !== "http:" && base.protocol !== "https:")
      throw new CliError("STEWARD_URL must start with http:// or https://.", { exit: EXIT.usage });
    this.base = base.href.replace(/\/+$/, "");
    this.token = o.token;
    this.run = o.run ?? "";
    this.userAgent = o.userAgent ?? "steward-cli";
  }

  /**
   * Send one request and return `{status, body}` for a 2xx (and for the statuses in `accept`); throw a CliError
   * naming the API's complaint otherwise.
   * @param {string} method @param {string} path
   * @param {{ json?: unknown, text?: string, contentType?: string, stream?: { body: AsyncIterable<Uint8Array>, digest: string, contentType: string }, accept?: number[], headers?: Record<string, string> }} [o]
   * @returns {Promise<{ status: number, body: any, headers: Headers }>}
   */
  async request(method, path, o = {}) {
    /** @type {Record<string, string>} */
    const headers = {
      authorization: `Bearer ${this.token}`,
      accept: "application/json",
      "user-agent": this.userAgent,
      ...(o.headers ?? {}),
    };
    /** @type {any} */
    let body;
    let digest = "";
    if (o.json !== undefined) {
      body = JSON.stringify(o.json);
      headers["content-type"] = "application/json";
      digest = sha256(body);
    } else if (o.text !== undefined) {
      body = o.text;
      headers["content-type"] = o.contentType ?? "text/plain";
      digest = sha256(body);
    } else if (o.stream) {
      body = iterableStream(o.stream.body);
      headers["content-type"] = o.stream.contentType;
      digest = o.stream.digest;
    }
    if (method === "POST") headers["idempotency-key"] = idempotencyKey(this.run, method, path, digest);
    /** @type {Response} */
    let res;
    try {
      res = await fetch(`${this.base}${path}`, { method, headers, body, ...(o.stream ? { duplex: "half" } : {}), redirect: "manual" });
    } catch (e) {
      const cause = /** @type {any} */ (e)?.cause;
      // A file that failed while its body was being sent (a bad row): that, not the connection, is the reason.
      if (e instanceof CliError) throw e;
      if (cause instanceof CliError) throw cause;
      throw new CliError(`Could not reach ${this.base}: ${cause?.code ?? cause?.message ?? /** @type {Error} */ (e).message}.`);
    }
    const text = await res.text();
    /** @type {any} */
    let parsed = null;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = null;
    }
    if ((res.status >= 200 && res.status < 300) || o.accept?.includes(res.status))
      return { status: res.status, body: parsed, headers: res.headers };
    if (res.status >= 300 && res.status < 400)
      throw new CliError(
        `${method} ${path} was redirected (HTTP ${res.status}) to ${res.headers.get("location") ?? "elsewhere"}: check STEWARD_URL.`,
        { status: res.status },
      );
    const api = parsed?.error && typeof parsed.error.message === "string" ? parsed.error : null;
    if (api) throw new CliError(describeApiError(api, res.status), { status: res.status, api });
    throw new CliError(`${method} ${path} answered HTTP ${res.status} without an API error body: check STEWARD_URL.`, {
      status: res.status,
    });
  }

  get(/** @type {string} */ path, /** @type {number[]} */ accept = []) {
    return this.request("GET", path, { accept });
  }
}

/** @param {AsyncIterable<Uint8Array>} it */
function iterableStream(it) {
  const iterator = it[Symbol.asyncIterator]();
  return new ReadableStream({
    async pull(controller) {
      const { done, value } = await iterator.next();
      if (done) controller.close();
      else controller.enqueue(value);
    },
    async cancel() {
      await iterator.return?.();
    },
  });
}

/** A path segment, percent-encoded. */
export const seg = (/** @type {string} */ s) => encodeURIComponent(s);

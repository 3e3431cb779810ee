import "server-only";
import { createHash, randomUUID } from "node:crypto";
import canonicalize from "canonicalize";
import { and, eq, sql } from "drizzle-orm";
import type { z } from "zod";
import { conn, currentRequestId, rolledBack, transact, withRequestContext } from "@/db/client";
import { idempotencyKeys } from "@/db/schema";
import type { Actor } from "../auth/actor";
import { actorFromRequest } from "../auth/current";
import { AppError, badRequest, conflict, pgCode, unauthenticated } from "../errors";
import { recordRun } from "../health/workers";
import { log } from "../log";
import { observeRequest, routePattern } from "../metrics/portal";
import { RefusedToken, recordSecurityEvent } from "../security/record";
import { parse, refuseNul } from "./validate";

export const MAX_BODY_BYTES = 10 * 1024 * 1024;

export type JsonResult = {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  /**
   * The body carries a secret shown once (a new token, a webhook's signing secret): an Idempotency-Key record keeps
   * only the created object's id, and a retry gets 409 replay_unavailable naming it, never the secret.
   */
  secretOf?: { id: string; what: string };
};
export const json = (body: unknown, status = 200, headers?: Record<string, string>): JsonResult => ({ status, body, headers });
/** A response that shows a secret once (see JsonResult.secretOf). */
export const jsonWithSecret = (body: unknown, status: number, secretOf: { id: string; what: string }): JsonResult => ({
  status,
  body,
  secretOf,
});

export type Ctx<P> = {
  req: Request;
  url: URL;
  params: P;
  actor: Actor;
  requestId: string;
  /** The request body parsed as JSON and validated by the schema (400 naming each bad field). */
  body<S extends z.ZodType>(schema: S): z.infer<S>;
  query<S extends z.ZodType>(schema: S): z.infer<S>;
  /** The request body as text, whatever its (accepted) content type; "" when there is none. */
  text(): string;
  /** The body's media type, lower case and without parameters ("text/markdown"); "" when none was sent. */
  contentType: string;
  /**
   * Routes with `stream: true` only: read the body as JSON now (415 unless JSON, 413 past maxBytes), after which
   * body() works as in any other route.
   */
  readJsonBody(maxBytes?: number): Promise<string>;
  /**
   * Routes with `stream: true` only: apply Idempotency-Key around the write, keyed by `bodyKey` (the body's text,
   * or a digest of the bytes streamed). Only `run` is inside the transaction, not the reading of the stream.
   */
  idempotent(bodyKey: string, run: () => Promise<JsonResult>): Promise<JsonResult>;
};

const JSON_ONLY = ["application/json"] as const;

type Options = {
  public?: boolean;
  maxBytes?: number;
  /**
   * Content types the body may have (415 otherwise); JSON only unless given. Read others with ctx.text().
   * "" admits a request without a Content-Type, such as a POST with no body.
   */
  accept?: readonly string[];
  /**
   * The handler reads `req.body` itself (a large or streamed body): route() then neither reads, limits nor
   * type-checks it, and leaves Idempotency-Key to the handler (ctx.idempotent), which must enforce its own limits.
   */
  stream?: boolean;
};
type RouteContext<P> = { params: Promise<P> };

function errorResponse(e: AppError, requestId: string): Response {
  return Response.json(
    { error: { code: e.code, message: e.message, details: e.details } },
    { status: e.status, headers: { ...e.headers, "x-request-id": requestId } },
  );
}

/** How far past the limit a refused body is still read (and dropped) so that its sender can read the 413. */
const DRAIN_FACTOR = 4;

async function readBody(req: Request, maxBytes: number, accept: readonly string[] = JSON_ONLY): Promise<{ text: string } | null> {
  if (req.method === "GET" || req.method === "HEAD" || req.method === "DELETE") return null;
  const declared = Number(req.headers.get("content-length") ?? "0");
  const message = `The body is larger than ${maxBytes / 1024 / 1024} MB.`;
  // Refused before the body's end, the connection is closed after the answer: the rest of the body is never read.
  const tooLarge = () => new AppError("payload_too_large", 413, message, [], { connection: "close" });
  // Far past the limit: refuse at once and close. A little past it: read on (below), so the sender can read its 413.
  if (declared > maxBytes * DRAIN_FACTOR) throw tooLarge();
  if (!req.body) return { text: "" };
  const type = (req.headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
  if (!accept.includes(type))
    throw new AppError(
      "unsupported_media_type",
      415,
      accept.length === 1 && accept[0] === "application/json"
        ? "Send the body as JSON with 'Content-Type: application/json'."
        : `Send the body with one of these content types: ${accept.join(", ")}.`,
    );
  // Count bytes as they arrive: Next's own limit only truncates, and a missing Content-Length must not bypass this.
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      // A client a little over the limit is still sending: read the rest and throw it away (up to DRAIN_FACTOR times
      // the limit), so it gets its 413 instead of a reset connection; past that, stop reading and close.
      for (;;) {
        const next = await reader.read();
        if (next.done) throw new AppError("payload_too_large", 413, message);
        size += next.value.byteLength;
        if (size > maxBytes * DRAIN_FACTOR) break;
      }
      await reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(value);
  }
  return { text: Buffer.concat(chunks).toString("utf8") };
}

function parseJson(text: string): unknown {
  if (!text.trim()) throw badRequest("The body is empty; send a JSON object.", [{ path: "body", message: "is empty" }]);
  try {
    return JSON.parse(text);
  } catch {
    throw badRequest("The body is not valid JSON.", [{ path: "body", message: "is not valid JSON" }]);
  }
}

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;
/** How long a key is remembered (API.md, Trust rules: 24 hours). */
export const IDEMPOTENCY_TTL_HOURS = 24;
const PRUNE_EVERY_MS = 60_000;
const idem = globalThis as unknown as { __stewardIdempotencyPrunedAt?: number };

/**
 * Whose key this is: the credential, never just the user, so one token cannot replay what another (or a browser
 * session) was answered. A session is named by a digest of its id, not the id itself.
 */
export function idempotencyPrincipal(actor: Actor): string {
  if (actor.type === "token") return `token:${actor.tokenId}`;
  if (actor.sessionId) return `session:${actor.userId}:${createHash("sha256").update(actor.sessionId).digest("hex").slice(0, 32)}`;
  return `${actor.type}:${actor.userId}`;
}

/** A thrown value that rolls back a dry run. */
const DRY_RUN = Symbol("dry run");

/**
 * A POST with an Idempotency-Key runs, together with the record of its response, in one transaction, under a lock on
 * (credential, method, path, key): a retry waits for the first to commit, is authorized again by running the handler
 * in a savepoint that is always rolled back (a refusal, 401 or 403, is answered as such; nothing it did is kept), and
 * then gets the first response back and stores nothing. Records older than 24 hours are forgotten.
 */
async function idempotent(actor: Actor, req: Request, url: URL, bodyText: string, run: () => Promise<JsonResult>): Promise<JsonResult> {
  const key = req.headers.get("idempotency-key");
  if (req.method !== "POST" || key === null) return run();
  if (!IDEMPOTENCY_KEY.test(key))
    throw badRequest("The Idempotency-Key header must be 1–200 visible ASCII characters.", [
      { path: "Idempotency-Key", message: "is not valid" },
    ]);
  const principal = idempotencyPrincipal(actor);
  let canonicalBody = bodyText;
  try {
    canonicalBody = canonicalize(JSON.parse(bodyText)) ?? bodyText;
  } catch {
    /* not JSON: hash it as sent */
  }
  const requestHash = createHash("sha256").update(`POST ${url.pathname}\n${canonicalBody}`).digest("hex");
  const scope = and(
    eq(idempotencyKeys.principal, principal),
    eq(idempotencyKeys.method, "POST"),
    eq(idempotencyKeys.path, url.pathname),
    eq(idempotencyKeys.key, key),
  );
  const fresh = sql`${idempotencyKeys.createdAt} > now() - make_interval(hours => ${IDEMPOTENCY_TTL_HOURS})`;
  const result = await transact(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`${principal}\nPOST ${url.pathname}\n${key}`}, 0))`);
    const [prior] = await tx.select().from(idempotencyKeys).where(and(scope, fresh));
    if (prior) {
      if (prior.requestHash !== requestHash)
        throw conflict("This Idempotency-Key was used before with a different request; use a new key.", "idempotency_key_reused");
      await dryRun(run);
      if (prior.withheld) {
        const id = (prior.body as { id?: string }).id ?? "";
        throw new AppError(
          "replay_unavailable",
          409,
          `This request succeeded before and created ${prior.withheld} ${id}; its secret was shown once and is not kept, so it cannot be replayed.`,
          [{ path: "id", message: id }],
        );
      }
      return { status: prior.status, body: prior.body, headers: { "idempotent-replayed": "true" } };
    }
    await tx.delete(idempotencyKeys).where(scope); // an expired record of the same key
    const result = await run();
    if (result.status >= 200 && result.status < 300) {
      await tx.insert(idempotencyKeys).values({
        principal,
        key,
        method: "POST",
        path: url.pathname,
        requestHash,
        status: result.status,
        body: result.secretOf ? { id: result.secretOf.id } : (result.body ?? null),
        withheld: result.secretOf?.what ?? null,
      });
    }
    return result;
  });
  await pruneIdempotencyKeys();
  return result;
}

/** Run the handler again in a savepoint that is always rolled back, to learn whether it still authorizes the caller. */
async function dryRun(run: () => Promise<JsonResult>): Promise<void> {
  try {
    await rolledBack(async () => {
      try {
        await run();
      } catch (e) {
        if (e instanceof AppError && (e.status === 401 || e.status === 403)) throw e;
        if (e instanceof RefusedToken) throw e;
      }
      throw DRY_RUN;
    });
  } catch (e) {
    if (e !== DRY_RUN) throw e;
  }
}

/** Forget keys older than 24 hours, at most once a minute per process. */
async function pruneIdempotencyKeys(): Promise<void> {
  const now = Date.now();
  if (now - (idem.__stewardIdempotencyPrunedAt ?? 0) < PRUNE_EVERY_MS) return;
  idem.__stewardIdempotencyPrunedAt = now;
  try {
    const db = await conn();
    await recordRun(
      "pruning",
      () => db.delete(idempotencyKeys).where(sql`${idempotencyKeys.createdAt} < now() - make_interval(hours => ${IDEMPOTENCY_TTL_HOURS})`),
      { failure: "Pruning idempotency keys failed" },
    );
  } catch (e) {
    log("warn", "could not prune idempotency keys", { error: e instanceof Error ? e.message : String(e) });
  }
}

/**
 * Every /api route goes through here: request id, caller, body limits and content type, validation,
 * Idempotency-Key, and the mapping of errors to the JSON error of API.md (never a stack trace or SQL).
 */
export function route<P = Record<string, never>>(handler: (ctx: Ctx<P>) => Promise<JsonResult | Response>, options: Options = {}) {
  return async (req: Request, context: RouteContext<P>): Promise<Response> => {
    const incoming = req.headers.get("x-request-id");
    const requestId = incoming && /^[\w.-]{8,100}$/.test(incoming) ? incoming : randomUUID();
    const started = performance.now();
    const url = new URL(req.url);
    return withRequestContext(requestId, async () => {
      let actor: Actor | null = null;
      let res: Response;
      let routeParams: unknown;
      try {
        actor = await actorFromRequest(req);
        if (!actor && !options.public) throw unauthenticated();
        let raw = options.stream ? null : await readBody(req, options.maxBytes ?? MAX_BODY_BYTES, options.accept);
        let parsed: unknown;
        const params = (await context.params) ?? ({} as P);
        routeParams = params;
        // Postgres stores no NUL: a path, query or body holding one is refused here, naming where, not failed on insert.
        refuseNul(params, "The URL's path", "path");
        const ctx: Ctx<P> = {
          req,
          url,
          params,
          actor: actor as Actor,
          requestId,
          body(schema) {
            if (parsed === undefined) {
              parsed = parseJson(raw?.text ?? "");
              refuseNul(parsed);
            }
            return parse(schema, parsed, "The request body");
          },
          query(schema) {
            const q = Object.fromEntries(url.searchParams);
            refuseNul(q, "The query", "query");
            return parse(schema, q, "The query");
          },
          text() {
            return raw?.text ?? "";
          },
          contentType: (req.headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase(),
          async readJsonBody(maxBytes = options.maxBytes ?? MAX_BODY_BYTES) {
            if (!options.stream) throw new Error("readJsonBody() is for routes with stream: true");
            raw ??= (await readBody(req, maxBytes)) ?? { text: "" };
            return raw.text;
          },
          idempotent(bodyKey, run) {
            if (!options.stream) throw new Error("ctx.idempotent() is for routes with stream: true");
            return actor ? idempotent(actor, req, url, bodyKey, run) : run();
          },
        };
        const out =
          actor && !options.stream
            ? await idempotent(actor, req, url, raw?.text ?? "", async () => {
                const r = await handler(ctx);
                if (r instanceof Response) {
                  if (req.headers.get("idempotency-key") && req.method === "POST")
                    throw new Error("idempotent POST handlers must return json()");
                }
                return r as JsonResult;
              })
            : await handler(ctx);
        res =
          out instanceof Response
            ? out
            : out.status === 204
              ? new Response(null, { status: 204, headers: out.headers })
              : Response.json(out.body, { status: out.status, headers: out.headers });
        res.headers.set("x-request-id", requestId);
      } catch (e) {
        let err: AppError;
        if (e instanceof AppError) err = e;
        else if (pgCode(e) === "23505") err = conflict("That exists already.", "exists");
        // A NUL that reached the database by another way (a body read as text): invalid input, not a fault.
        else if (pgCode(e) === "22021" || pgCode(e) === "22P05")
          err = badRequest("The request holds a character that cannot be stored (such as U+0000).", [
            { path: "body", message: "holds a character that cannot be stored" },
          ]);
        // A route decoding a path segment Next has already decoded ("%25" arrives as "%"): a malformed path, not a fault.
        else if (e instanceof URIError)
          err = badRequest("The URL's path is not valid percent-encoding.", [{ path: "path", message: "is not valid percent-encoding" }]);
        else if (pgCode(e) === "40001" || pgCode(e) === "40P01")
          err = new AppError("busy", 409, "The record changed while we were saving it; try again.");
        else {
          log("error", "unhandled error", { requestId, error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
          err = new AppError("internal", 500, `Something went wrong on our side. Quote request id ${requestId} when you report it.`);
        }
        // The security log: a refused token (401) or a permission denial (403), written outside the request's
        // transaction (rolled back by now), and never failing the response.
        if (err instanceof RefusedToken)
          await recordSecurityEvent({ kind: "token_refused", ...err.refusal, method: req.method, path: url.pathname, requestId });
        else if (err.status === 403)
          await recordSecurityEvent({
            kind: "permission_denied",
            email: actor?.email ?? null,
            token: actor?.tokenId ?? null,
            method: req.method,
            path: url.pathname,
            reason: err.message,
            requestId,
          });
        res = errorResponse(err, requestId);
      }
      log("info", "request", {
        requestId: currentRequestId(),
        method: req.method,
        path: url.pathname,
        status: res.status,
        ms: Math.round(performance.now() - started),
        actor: actor ? `${actor.type}:${actor.type === "token" ? actor.tokenId : actor.email}` : null,
      });
      observeRequest(req.method, routePattern(url.pathname, routeParams), res.status, (performance.now() - started) / 1000);
      return res;
    });
  };
}

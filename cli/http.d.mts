/**
 * The run a CI system is in, so a retried step (same run) sends the same Idempotency-Keys and a new pipeline run new
 * ones. STEWARD_RUN_ID wins; then GitHub Actions' and GitLab CI's own ids.
 * @param {Record<string, string | undefined>} env
 */
export function ciRunId(env: Record<string, string | undefined>): string;
/**
 * The Idempotency-Key of a write: a digest of the CI run, the method, the path and the body's digest, so the same
 * write in the same run is the same key and the server stores it once.
 * @param {string} run @param {string} method @param {string} path @param {string} bodyDigest
 */
export function idempotencyKey(run: string, method: string, path: string, bodyDigest: string): string;
/** One line per field the API named, under its sentence. */
export function describeApiError(e: {
    code: string;
    message: string;
    details?: {
        path: string;
        message: string;
    }[];
}, status: number): string;
export namespace EXIT {
    let ok: number;
    let refused: number;
    let timeout: number;
    let failed: number;
    let usage: number;
}
/** An error the CLI reports in one sentence and exits with. `api` is the API's `{code, message, details}` when it answered. */
export class CliError extends Error {
    /**
     * @param {string} message
     * @param {{ exit?: number, status?: number, api?: { code: string, message: string, details?: { path: string, message: string }[] } }} [info]
     */
    constructor(message: string, info?: {
        exit?: number;
        status?: number;
        api?: {
            code: string;
            message: string;
            details?: {
                path: string;
                message: string;
            }[];
        };
    });
    exit: number;
    status: number;
    api: {
        code: string;
        message: string;
        details?: {
            path: string;
            message: string;
        }[];
    };
}
export function sha256(data: string | Uint8Array): string;
export class Api {
    /** @param {{ url: string, token: string, run?: string, userAgent?: string }} o */
    constructor(o: {
        url: string;
        token: string;
        run?: string;
        userAgent?: string;
    });
    base: string;
    token: string;
    run: string;
    userAgent: string;
    /**
     * Send one request and return `{status, body}` for a 2xx (and for the statuses in `accept`); throw a CliError
     * naming the API's complaint otherwise.
     * @param {string} method @param {string} path
     * @param {{ json?: unknown, text?: string, contentType?: string, stream?: { body: AsyncIterable<Uint8Array>, digest: string, contentType: string }, accept?: number[], headers?: Record<string, string> }} [o]
     * @returns {Promise<{ status: number, body: any, headers: Headers }>}
     */
    request(method: string, path: string, o?: {
        json?: unknown;
        text?: string;
        contentType?: string;
        stream?: {
            body: AsyncIterable<Uint8Array>;
            digest: string;
            contentType: string;
        };
        accept?: number[];
        headers?: Record<string, string>;
    }): Promise<{
        status: number;
        body: any;
        headers: Headers;
    }>;
    get(path: string, accept?: number[]): Promise<{
        status: number;
        body: any;
        headers: Headers;
    }>;
}
export function seg(s: string): string;

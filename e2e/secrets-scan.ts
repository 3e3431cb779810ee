// No secret at rest or in logs: search every column of every table of the e2e store, and the server's log, for the
// secrets of the test run. Used by e2e/teardown.ts once every test has run; pure apart from the queries it is given.
import { E2E } from "./env";

/** What is searched for, each by a name that says what leaked (the value itself is never printed). */
export type Secret = { name: string; literal?: string; pattern?: string };

/** A real token secret: "stw_" and 32 random bytes in base64url (lib/auth/tokens.ts). */
export const TOKEN_PATTERN = "stw_[A-Za-z0-9_-]{43}";
/** A JSON Web Token or JWE (a next-auth session cookie is one): a base64url JSON header, then at least two more parts. */
export const JWT_PATTERN = "eyJ[A-Za-z0-9_-]{10,}\\.[A-Za-z0-9_-]*\\.[A-Za-z0-9_-]{10,}";

/** The secrets every run has: the seeded password, the bootstrap token, the server's keys, the OIDC client secret. */
export function knownSecrets(): Secret[] {
  return [
    { name: "the seeded users' password", literal: E2E.password },
    { name: "the bootstrap token", literal: E2E.bootstrapToken },
    { name: "NEXTAUTH_SECRET", literal: E2E.nextauthSecret },
    { name: "AUDIT_CHECKPOINT_KEY", literal: E2E.auditCheckpointKey },
    { name: "AUDIT_SIGNING_KEY", literal: E2E.auditSigningKey },
    { name: "the OIDC client secret", literal: E2E.idp.clientSecret },
    { name: "an API token secret (stw_…)", pattern: TOKEN_PATTERN },
    { name: "a JWT or session cookie (eyJ…)", pattern: JWT_PATTERN },
  ];
}

/**
 * Where a secret is allowed in plain text, because the portal needs it back: a webhook's signing secret (each delivery
 * is signed with it, HMAC-SHA256). Hashes (token_hash, password_hash) need no exception: they do not contain the secret.
 */
export const PLAIN_BY_NECESSITY: { table: string; column: string; why: string }[] = [
  { table: "webhooks", column: "secret", why: "deliveries are signed with it (HMAC-SHA256), so it is kept as issued" },
];

/**
 * Leaks another part of the work is fixing: reported, but not failing the run until that fix lands. Issue 16 item 2
 * (idempotency that cannot leak): a stored response may hold a minted token or a new webhook's secret. Remove the
 * entry with that fix, and the scan holds the table to the same rule as every other.
 */
// Tables whose findings are reported without failing the run, while a known leak is being fixed. None now: the
// idempotency records (issue 16 item 2) keep only the id of a response that showed a secret.
export const PENDING: { table: string; why: string }[] = [];

export type Finding = { where: string; secret: string; sample: string; pending: boolean };

/** A query runner: the PGlite instance or a pg client, reduced to what the scan needs. */
export type Query = (sql: string, params?: unknown[]) => Promise<{ rows: Record<string, unknown>[] }>;

const ident = (s: string) => `"${s.replace(/"/g, '""')}"`;

/** A short, redacted view of where a secret sits: the text around it with the secret itself masked. */
function redact(text: string, secrets: Secret[]): string {
  let out = text.split(String.fromCharCode(31)).join(" | ");
  for (const s of secrets) {
    if (s.literal) out = out.split(s.literal).join(`<${s.name}>`);
    if (s.pattern) out = out.replace(new RegExp(s.pattern, "g"), `<${s.name}>`);
  }
  return out.length > 240 ? `${out.slice(0, 240)}…` : out;
}

function matches(text: string, s: Secret): boolean {
  if (s.literal) return text.includes(s.literal);
  return new RegExp(s.pattern as string).test(text);
}

/** The webhook signing secrets in the store: searched for everywhere but their own column. */
export async function webhookSecrets(q: Query): Promise<Secret[]> {
  const exists = await q("select 1 from information_schema.tables where table_schema = 'public' and table_name = 'webhooks'");
  if (!exists.rows.length) return [];
  const { rows } = await q("select id::text as id, secret from webhooks");
  return rows
    .filter((r) => typeof r.secret === "string" && (r.secret as string).length >= 16)
    .map((r) => ({ name: `webhook ${r.id}'s signing secret`, literal: r.secret as string }));
}

/**
 * Every table of the public schema, every column but the plain-by-necessity ones, cast to text and searched in the
 * database (a row that matches comes back, at most 5 a table, to say which secret and where).
 */
export async function scanTables(q: Query, secrets: Secret[]): Promise<Finding[]> {
  const { rows: columns } = await q(
    "select table_name as t, column_name as c from information_schema.columns where table_schema = 'public' order by table_name, ordinal_position",
  );
  const byTable = new Map<string, string[]>();
  for (const { t, c } of columns as { t: string; c: string }[]) {
    if (PLAIN_BY_NECESSITY.some((p) => p.table === t && p.column === c)) continue;
    byTable.set(t, [...(byTable.get(t) ?? []), c]);
  }
  const findings: Finding[] = [];
  for (const [table, cols] of byTable) {
    const row = `concat_ws(chr(31), ${cols.map((c) => `${ident(c)}::text`).join(", ")})`;
    const params: unknown[] = [];
    const tests = secrets.map((s) => {
      params.push(s.literal ?? s.pattern);
      return s.literal ? `strpos(${row}, $${params.length}) > 0` : `${row} ~ $${params.length}`;
    });
    const { rows } = await q(`select ${row} as row from ${ident(table)} where ${tests.join(" or ")} limit 5`, params);
    for (const r of rows) {
      const text = String(r.row);
      for (const s of secrets.filter((x) => matches(text, x)))
        findings.push({
          where: `table ${table}`,
          secret: s.name,
          sample: redact(text, secrets),
          pending: PENDING.some((p) => p.table === table),
        });
    }
  }
  return findings;
}

/** The server log, line by line. */
export function scanLog(name: string, text: string, secrets: Secret[]): Finding[] {
  const findings: Finding[] = [];
  text.split("\n").forEach((line, i) => {
    for (const s of secrets.filter((x) => matches(line, x)))
      findings.push({ where: `${name}:${i + 1}`, secret: s.name, sample: redact(line, secrets), pending: false });
  });
  return findings;
}

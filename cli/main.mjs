// `steward`: the command-line client of the Steward API for pipelines and CI (README "Command line").
import { parseArgs } from "node:util";
import { auditPush, cardPush, lineagePush } from "./evidence.mjs";
import { Api, CliError, ciRunId, EXIT } from "./http.mjs";
import { evaluationAdd, modelRegister, versionRegister, whoami } from "./inventory.mjs";
import { importMlflow } from "./mlflow.mjs";
import { releaseRequest, releaseShow, releaseWait } from "./release.mjs";

/**
 * @typedef {{
 *   api: Api, opts: Record<string, any>, args: string[], json: boolean, quiet: boolean, env: NodeJS.ProcessEnv,
 *   need: (n: number, usage: string) => string[], out: (data: unknown, text: string) => void,
 * }} Ctx
 */

const OPTIONS = /** @type {const} */ ({
  help: { type: "boolean", short: "h" },
  json: { type: "boolean" },
  quiet: { type: "boolean", short: "q" },
  "run-id": { type: "string" },
  "exists-ok": { type: "boolean" },
  // model register
  owner: { type: "string" },
  "risk-tier": { type: "string" },
  title: { type: "string" },
  description: { type: "string" },
  team: { type: "string" },
  "use-case": { type: "string" },
  tag: { type: "string", multiple: true },
  // version register, evaluation add
  metric: { type: "string", multiple: true },
  "metrics-file": { type: "string" },
  param: { type: "string", multiple: true },
  "params-file": { type: "string" },
  "training-run-id": { type: "string" },
  input: { type: "string", multiple: true },
  "artifact-uri": { type: "string" },
  framework: { type: "string" },
  "git-commit": { type: "string" },
  dataset: { type: "string" },
  slice: { type: "string" },
  // card, audit, lineage push
  format: { type: "string" },
  name: { type: "string" },
  attribute: { type: "string", multiple: true },
  reference: { type: "string", multiple: true },
  "positive-label": { type: "string" },
  "label-column": { type: "string" },
  "prediction-column": { type: "string" },
  "score-column": { type: "string" },
  batch: { type: "string" },
  // release
  target: { type: "string" },
  summary: { type: "string" },
  rollout: { type: "string" },
  "canary-percent": { type: "string" },
  timeout: { type: "string" },
  interval: { type: "string" },
  // import mlflow
  apply: { type: "boolean" },
  "page-size": { type: "string" },
  "alias-stage": { type: "string", multiple: true },
  url: { type: "string" },
  "mlflow-token": { type: "string" },
});

/** @type {Map<string, { run: (ctx: Ctx) => Promise<void>, usage: string, help: string, offline?: boolean }>} */
const COMMANDS = new Map([
  ["whoami", { run: whoami, usage: "whoami", help: "Show who STEWARD_TOKEN acts as, with its roles." }],
  [
    "model register",
    {
      run: modelRegister,
      usage:
        "model register NAME --owner EMAIL --risk-tier low|medium|high|critical [--title T] [--description D] [--team T] [--use-case U] [--tag T]... [--exists-ok]",
      help: "Register a model. With --exists-ok a model of that name already registered is not an error.",
    },
  ],
  [
    "version register",
    {
      run: versionRegister,
      usage:
        "version register MODEL VERSION [--metric K=N]... [--metrics-file F.json] [--param K=V]... [--params-file F.json] [--training-run-id UUID] [--input NAMESPACE,NAME]... [--artifact-uri U] [--framework F] [--git-commit SHA] [--description D] [--exists-ok]",
      help: "Register a version (stage development) with its metrics, parameters, training run and inputs.",
    },
  ],
  [
    "evaluation add",
    {
      run: evaluationAdd,
      usage: "evaluation add MODEL VERSION --dataset NAME --metric K=N... [--slice S]",
      help: "Record an evaluation of a version (a release to production needs one).",
    },
  ],
  [
    "card push",
    {
      run: cardPush,
      usage: "card push MODEL VERSION FILE [--format steward|mct|huggingface]",
      help: "Save a model card: Steward card JSON (replaces the card), Model Card Toolkit JSON, or a Hugging Face README (.md), both imported.",
    },
  ],
  [
    "audit push",
    {
      run: auditPush,
      usage:
        "audit push MODEL VERSION FILE --attribute COL... [--name N] [--dataset D] [--reference COL=GROUP]... [--positive-label L] [--label-column label] [--prediction-column prediction] [--score-column score] [--format csv|ndjson]",
      help: "Run a bias audit on predictions (CSV with a header row, or NDJSON), streamed with progress on stderr.",
    },
  ],
  [
    "lineage push",
    {
      run: lineagePush,
      usage: "lineage push FILE [--batch 500]",
      help: "Send OpenLineage events: a JSON event, a JSON array, or NDJSON (one event a line).",
    },
  ],
  [
    "release request",
    {
      run: releaseRequest,
      usage:
        "release request MODEL VERSION --summary TEXT [--target production|staging] [--rollout canary|blue-green|shadow|full] [--canary-percent N]",
      help: "Request a release; prints its id (the whole release with --json) and the checks on stderr.",
    },
  ],
  ["release show", { run: releaseShow, usage: "release show ID", help: "Show a release's status, approvals and checks." }],
  [
    "release wait",
    {
      run: releaseWait,
      usage: "release wait ID [--timeout 30m] [--interval 10s]",
      help: "Wait for a decision: exit 0 approved, 1 rejected / changes requested / cancelled, 2 timed out.",
    },
  ],
  [
    "import mlflow",
    {
      run: importMlflow,
      usage:
        "import mlflow --url MLFLOW_URL [--apply] [--owner EMAIL] [--risk-tier medium] [--alias-stage ALIAS=staging|production]... [--page-size 100] [--mlflow-token T]",
      help: "Copy an MLflow registry's models and versions into Steward. Lists what it would do unless --apply.",
    },
  ],
]);

const HELP = `steward: the Steward API from the command line

Environment: STEWARD_URL (the portal, e.g. https://steward.example.com) and STEWARD_TOKEN (an API token).
Global options: --json (machine-readable output on stdout), --quiet (no progress), --help,
  --run-id ID (keys the Idempotency-Key of every write; default STEWARD_RUN_ID, or the CI run: GITHUB_RUN_ID, CI_PIPELINE_ID).

Commands:
${[...COMMANDS.values()].map((c) => `  steward ${c.usage}\n      ${c.help}`).join("\n")}

Exit codes: 0 done (release wait: approved); 1 release rejected, changes requested or cancelled; 2 release wait timed out;
3 the API refused or could not be reached (the reason is on stderr); 4 wrong usage.
`;

/** @param {string[]} argv @param {NodeJS.ProcessEnv} env @returns {Promise<number>} */
export async function main(argv, env = process.env) {
  /** @type {{ values: Record<string, any>, positionals: string[] }} */
  let parsed;
  try {
    parsed = /** @type {any} */ (parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true }));
  } catch (e) {
    process.stderr.write(`steward: ${/** @type {Error} */ (e).message}\nRun steward --help for the commands.\n`);
    return EXIT.usage;
  }
  const { values: opts, positionals } = parsed;
  const name = positionals.slice(0, 2).join(" ");
  const command = COMMANDS.get(name) ?? COMMANDS.get(positionals[0] ?? "");
  if (!command || opts.help) {
    if (command) process.stdout.write(`steward ${command.usage}\n  ${command.help}\n`);
    else process.stdout.write(HELP);
    if (!command && positionals.length && !opts.help) {
      process.stderr.write(`steward: unknown command ${JSON.stringify(positionals.join(" "))}.\n`);
      return EXIT.usage;
    }
    return EXIT.ok;
  }
  const args = positionals.slice(COMMANDS.has(name) ? 2 : 1);
  const json = Boolean(opts.json);
  try {
    const url = env.STEWARD_URL;
    const token = env.STEWARD_TOKEN;
    if (!url) throw new CliError("Set STEWARD_URL to the portal's address (e.g. https://steward.example.com).", { exit: EXIT.usage });
    if (!token)
      throw new CliError("Set STEWARD_TOKEN to an API token (a user's page, or POST /api/v1/users/{email}/tokens).", { exit: EXIT.usage });
    /** @type {Ctx} */
    const ctx = {
      api: new Api({ url, token, run: opts["run-id"] ?? ciRunId(env) }),
      opts,
      args,
      json,
      quiet: Boolean(opts.quiet),
      env,
      need(n, usage) {
        if (args.length !== n)
          throw new CliError(
            `Usage: steward ${usage}${args.length > n ? ` (unexpected ${JSON.stringify(args.slice(n).join(" "))})` : ""}`,
            { exit: EXIT.usage },
          );
        return args;
      },
      out(data, text) {
        if (json) process.stdout.write(`${JSON.stringify(data)}\n`);
        else if (text) process.stdout.write(`${text}\n`);
      },
    };
    await command.run(ctx);
    return EXIT.ok;
  } catch (e) {
    if (!(e instanceof CliError)) {
      process.stderr.write(`steward: unexpected error: ${/** @type {Error} */ (e)?.stack ?? e}\n`);
      return EXIT.failed;
    }
    process.stderr.write(`steward: ${e.message}\n`);
    if (json && e.exit !== EXIT.refused && e.exit !== EXIT.timeout)
      process.stdout.write(
        `${JSON.stringify({ error: e.api ?? { code: e.exit === EXIT.usage ? "usage" : "cli_error", message: e.message, details: [] }, status: e.status ?? null })}\n`,
      );
    return e.exit;
  }
}

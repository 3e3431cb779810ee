/** The transparency log's latest signed checkpoint (a C2SP signed note) and the key that verifies it. */
export function SignedCheckpoint({ note, verifierKey, size }: { note: string; verifierKey: string; size: number }) {
  return (
    <section aria-labelledby="tlog-h" className="mb-5 rounded-lg border border-line p-4" data-testid="signed-checkpoint">
      <h2 id="tlog-h" className="font-semibold">
        Signed checkpoint of the transparency log
      </h2>
      <p className="mt-1 text-sm">
        The Merkle tree over all {size.toLocaleString("en-GB")} entries, signed with Ed25519. Anyone holding the verifier key can check an
        export, one entry&apos;s inclusion proof, or that a later checkpoint extends this one, without Steward:{" "}
        <code className="font-mono text-xs">npm run portal -- audit verify EXPORT --checkpoint CHECKPOINT.txt --key KEY</code>.
      </p>
      <pre
        role="region"
        tabIndex={0}
        aria-label="The signed checkpoint"
        className="mt-2 overflow-x-auto rounded bg-slate-50 p-2 font-mono text-xs focus-visible:outline-2"
        data-testid="signed-checkpoint-note"
      >
        {note}
      </pre>
      <p className="mt-2 text-sm">
        Verifier key:{" "}
        <code className="break-all font-mono text-xs" data-testid="verifier-key">
          {verifierKey}
        </code>
      </p>
      <p className="mt-1 text-sm">
        <a
          href="/api/v1/audit/checkpoint"
          download={`steward-audit-checkpoint-${size}.txt`}
          className="text-brand underline"
          data-testid="signed-checkpoint-download"
        >
          Download this checkpoint
        </a>{" "}
        ·{" "}
        <a href="/api/v1/audit/checkpoint/key" download="steward-audit-key.txt" className="text-brand underline">
          Download the verifier key
        </a>
      </p>
    </section>
  );
}

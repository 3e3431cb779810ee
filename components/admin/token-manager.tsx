"use client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Panel } from "@/components/ui/page";
import type { TokenView } from "@/lib/auth/tokens";
import { type IssuedToken, IssueTokenForm } from "./issue-token-form";
import { IssuedTokenPanel } from "./issued-token";
import { TokensTable } from "./tokens-table";

/** One user's API tokens: the list with revoke, and a form to issue one (shown once, then only its hash is kept). */
export function TokenManager({
  email,
  tokens,
  ownerDisabled,
  self,
}: {
  email: string;
  tokens: TokenView[];
  ownerDisabled: boolean;
  self: boolean;
}) {
  const router = useRouter();
  const [issued, setIssued] = useState<IssuedToken | null>(null);
  return (
    <>
      {issued && <IssuedTokenPanel issued={issued} onDone={() => setIssued(null)} />}
      <div className="grid grid-cols-1 items-start gap-x-6 xl:grid-cols-[minmax(0,1fr)_22rem]">
        <Panel title={self ? "Your tokens" : "Tokens"} id="tokens-h">
          <TokensTable
            tokens={tokens}
            emptyHint={
              self
                ? "Issue one for a script or pipeline that calls the API as you."
                : "Issue one for a pipeline or script that acts as this user."
            }
          />
        </Panel>
        <Panel title="Issue a token" id="issue-h">
          {ownerDisabled ? (
            <p className="text-sm">
              This user is disabled, so no token can be issued for them. Enable them on the{" "}
              <Link href="/admin" className="text-brand underline">
                Admin page
              </Link>{" "}
              first.
            </p>
          ) : (
            <IssueTokenForm
              email={email}
              onIssued={(t) => {
                setIssued(t);
                router.refresh();
              }}
            />
          )}
        </Panel>
      </div>
    </>
  );
}

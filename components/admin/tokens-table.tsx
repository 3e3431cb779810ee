"use client";
import { useRouter } from "next/navigation";
import { useApiForm } from "@/components/ui/api-form";
import { ConfirmAction } from "@/components/ui/confirm-action";
import { FormError } from "@/components/ui/field";
import { EmptyState } from "@/components/ui/page";
import type { TokenView } from "@/lib/auth/tokens";
import { formatDay, formatTime } from "@/lib/format";

const pill = "inline-flex items-center whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset";

function tokenState(t: TokenView): "active" | "revoked" | "expired" {
  if (t.revokedAt) return "revoked";
  if (t.expiresAt && new Date(t.expiresAt).getTime() <= Date.now()) return "expired";
  return "active";
}

function StateBadge({ t }: { t: TokenView }) {
  const s = tokenState(t);
  if (s === "revoked")
    return (
      <>
        <span className={`${pill} bg-red-50 text-bad ring-red-300`}>revoked</span>
        <span className="mt-0.5 block whitespace-nowrap text-xs text-muted">{formatDay(t.revokedAt)}</span>
      </>
    );
  if (s === "expired") return <span className={`${pill} bg-amber-50 text-warn ring-amber-300`}>expired</span>;
  return <span className={`${pill} bg-emerald-50 text-ok ring-emerald-300`}>active</span>;
}

function RevokeButton({ t }: { t: TokenView }) {
  const router = useRouter();
  const form = useApiForm<TokenView>(`/api/v1/tokens/${encodeURIComponent(t.id)}`, "DELETE");
  return (
    <div className="sm:min-w-[9rem]">
      <ConfirmAction
        label="Revoke…"
        ariaLabel={`Revoke the token ${t.name}`}
        question={`Revoke “${t.name}”?`}
        note="Anything using it gets 401 from its next request. This cannot be undone."
        confirmLabel="Yes, revoke"
        pendingLabel="Revoking…"
        pending={form.isPending}
        onConfirm={(done) =>
          form.mutate(undefined, {
            onSuccess: () => {
              done();
              router.refresh();
            },
          })
        }
      />
      <FormError message={form.error?.message} />
    </div>
  );
}

/** A user's tokens, newest first, each with its scopes, dates and state. */
export function TokensTable({ tokens, emptyHint }: { tokens: TokenView[]; emptyHint: string }) {
  if (tokens.length === 0) return <EmptyState title="No tokens yet.">{emptyHint}</EmptyState>;
  const active = tokens.filter((t) => tokenState(t) === "active").length;
  return (
    <>
      <p className="mb-2 text-sm text-muted">
        {active} active, {tokens.length - active} revoked or expired.
      </p>
      <div className="overflow-x-auto rounded-lg border border-line">
        <table className="w-full text-left text-sm" data-testid="tokens-table">
          <caption className="sr-only">API tokens, newest first</caption>
          <thead className="border-b border-line bg-slate-50 text-xs uppercase tracking-wide text-muted">
            <tr>
              <th scope="col" className="px-3 py-2">
                Name
              </th>
              <th scope="col" className="hidden px-3 py-2 sm:table-cell">
                Scopes
              </th>
              <th scope="col" className="hidden px-3 py-2 md:table-cell">
                Created
              </th>
              <th scope="col" className="hidden px-3 py-2 md:table-cell">
                Last used
              </th>
              <th scope="col" className="hidden px-3 py-2 md:table-cell">
                Expires
              </th>
              <th scope="col" className="px-3 py-2">
                State
              </th>
              <th scope="col" className="hidden px-3 py-2 sm:table-cell">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {tokens.map((t) => {
              const state = tokenState(t);
              return (
                <tr
                  key={t.id}
                  className={`border-b border-line last:border-0 ${state === "active" ? "" : "text-muted"}`}
                  data-testid="token-row"
                  data-token-name={t.name}
                  data-token-id={t.id}
                >
                  <td className="px-3 py-2 align-top">
                    <div className="font-medium text-ink">{t.name}</div>
                    <div className="font-mono text-xs text-muted">{t.id}</div>
                    <div className="mt-1 text-xs text-muted sm:hidden">{t.scopes.join(", ")}</div>
                    <div className="mt-0.5 text-xs text-muted md:hidden">
                      created {formatDay(t.createdAt)} · {t.lastUsedAt ? `used ${formatTime(t.lastUsedAt)}` : "never used"} ·{" "}
                      {t.expiresAt ? `expires ${formatDay(t.expiresAt)}` : "no expiry"}
                    </div>
                    {/* On phones the action sits under the token, where there is room for its confirmation. */}
                    {state !== "revoked" && (
                      <div className="mt-2 sm:hidden">
                        <RevokeButton t={t} />
                      </div>
                    )}
                  </td>
                  <td className="hidden px-3 py-2 align-top font-mono text-xs sm:table-cell">{t.scopes.join(", ")}</td>
                  <td className="hidden whitespace-nowrap px-3 py-2 align-top md:table-cell">{formatDay(t.createdAt)}</td>
                  <td className="hidden px-3 py-2 align-top md:table-cell">{t.lastUsedAt ? formatTime(t.lastUsedAt) : "never"}</td>
                  <td className="hidden whitespace-nowrap px-3 py-2 align-top md:table-cell">
                    {t.expiresAt ? formatDay(t.expiresAt) : "never"}
                  </td>
                  <td className="px-3 py-2 align-top" data-testid="token-state">
                    <StateBadge t={t} />
                  </td>
                  <td className="hidden px-3 py-2 text-right align-top sm:table-cell">{state !== "revoked" && <RevokeButton t={t} />}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </>
  );
}

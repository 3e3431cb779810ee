"use client";
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { formMessage, useApiForm } from "@/components/ui/api-form";
import { FormError } from "@/components/ui/field";
import { buttonClass, EmptyState, inputClass, labelClass, secondaryButtonClass } from "@/components/ui/page";
import { TableScroll } from "@/components/ui/table-scroll";
import type { KpiDefinitionView } from "@/lib/kpis/schemas";

function Input({
  id,
  name,
  label,
  error,
  hint,
  ...rest
}: { id: string; name: string; label: string; error?: string; hint?: string } & React.InputHTMLAttributes<HTMLInputElement>) {
  const fid = `${id}-${name}`;
  const describedBy = [hint ? `${fid}-hint` : null, error ? `${fid}-err` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div>
      <label htmlFor={fid} className={labelClass}>
        {label}
        {rest.required && <span className="text-bad"> *</span>}
      </label>
      <input id={fid} name={name} aria-invalid={error ? true : undefined} aria-describedby={describedBy} className={inputClass} {...rest} />
      {hint && (
        <p id={`${fid}-hint`} className="mt-1 text-xs text-muted">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${fid}-err`} className="mt-1 text-sm text-bad">
          {label} {error}
        </p>
      )}
    </div>
  );
}

/** Create (no `kpi`) or edit a KPI definition: POST /api/v1/kpi-definitions or PATCH …/{name}. */
function KpiForm({ kpi, onDone }: { kpi?: KpiDefinitionView; onDone: (k: KpiDefinitionView) => void }) {
  const id = useId();
  const form = useApiForm<KpiDefinitionView>(
    kpi ? `/api/v1/kpi-definitions/${kpi.name}` : "/api/v1/kpi-definitions",
    kpi ? "PATCH" : "POST",
  );
  const e = form.fieldErrors;
  return (
    <form
      noValidate
      aria-label={kpi ? `Edit ${kpi.name}` : "Define a KPI"}
      className="grid grid-cols-1 gap-4 sm:grid-cols-2"
      onSubmit={(ev) => {
        ev.preventDefault();
        const f = new FormData(ev.currentTarget);
        const s = (k: string) => String(f.get(k) ?? "").trim();
        const body = {
          ...(kpi ? {} : { name: s("name") }),
          title: s("title"),
          unit: s("unit"),
          owner: s("owner"),
          higherIsBetter: s("direction") === "higher",
          aggregation: s("aggregation"),
          description: s("description") || (kpi ? null : undefined),
        };
        form.mutate(body, {
          onSuccess: (k) => {
            if (!kpi) (ev.target as HTMLFormElement).reset();
            onDone(k);
          },
        });
      }}
    >
      {!kpi && (
        <Input
          id={id}
          name="name"
          label="Name"
          required
          autoComplete="off"
          error={e.name}
          hint="snake_case, as reporters send it in points[].kpi; it cannot change later."
        />
      )}
      <Input id={id} name="title" label="Title" required defaultValue={kpi?.title} autoComplete="off" error={e.title} />
      <Input id={id} name="unit" label="Unit" required defaultValue={kpi?.unit} autoComplete="off" error={e.unit} hint="USD, %, count …" />
      <Input
        id={id}
        name="owner"
        label="Owner"
        type="email"
        required
        defaultValue={kpi?.owner}
        autoComplete="off"
        error={e.owner}
        hint="Who answers for the figure."
      />
      <div>
        <label htmlFor={`${id}-direction`} className={labelClass}>
          Better when
        </label>
        <select
          id={`${id}-direction`}
          name="direction"
          defaultValue={kpi && !kpi.higherIsBetter ? "lower" : "higher"}
          className={inputClass}
        >
          <option value="higher">higher (revenue, conversion)</option>
          <option value="lower">lower (losses, churn)</option>
        </select>
      </div>
      <div>
        <label htmlFor={`${id}-aggregation`} className={labelClass}>
          A day's value is the
        </label>
        <select
          id={`${id}-aggregation`}
          name="aggregation"
          defaultValue={kpi?.aggregation ?? "sum"}
          className={inputClass}
          aria-describedby={e.aggregation ? `${id}-agg-err` : undefined}
        >
          <option value="sum">sum of its points (totals)</option>
          <option value="mean">mean of its points (rates)</option>
        </select>
        {e.aggregation && (
          <p id={`${id}-agg-err`} className="mt-1 text-sm text-bad">
            Aggregation {e.aggregation}
          </p>
        )}
      </div>
      <div className="sm:col-span-2">
        <Input
          id={id}
          name="description"
          label="Description"
          defaultValue={kpi?.description ?? ""}
          autoComplete="off"
          error={e.description}
        />
      </div>
      <div className="sm:col-span-2">
        <FormError message={formMessage(form.error, e)} />
        <button type="submit" className={buttonClass} disabled={form.isPending}>
          {form.isPending ? "Saving…" : kpi ? "Save changes" : "Define KPI"}
        </button>
      </div>
    </form>
  );
}

/** The KPI definitions: a table, an edit form for one row at a time, and the form for a new one. */
export function KpiAdmin({ initial }: { initial: KpiDefinitionView[] }) {
  const router = useRouter();
  const [editing, setEditing] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const done = (message: string) => {
    setEditing(null);
    setSaved(message);
    router.refresh();
  };
  return (
    <div className="grid grid-cols-1 items-start gap-6 xl:grid-cols-[minmax(0,1fr)_24rem]">
      <section aria-labelledby="kpis-h" className="min-w-0">
        <h2 id="kpis-h" className="mb-3 text-lg font-semibold">
          Defined KPIs
        </h2>
        <p role="status" className="mb-2 text-sm text-ok">
          {saved}
        </p>
        {initial.length === 0 ? (
          <EmptyState title="No KPIs defined yet.">
            Define the first with the form: until then, POST /api/v1/kpis refuses every point (400 naming points[i].kpi).
          </EmptyState>
        ) : (
          <TableScroll label="KPI definitions">
            <table className="relative w-full min-w-[40rem] text-sm" data-testid="kpi-table">
              <thead>
                <tr className="border-b border-line text-left">
                  <th scope="col" className="py-2 pr-3 font-medium">
                    Name
                  </th>
                  <th scope="col" className="py-2 pr-3 font-medium">
                    Unit
                  </th>
                  <th scope="col" className="py-2 pr-3 font-medium">
                    Better when
                  </th>
                  <th scope="col" className="py-2 pr-3 font-medium">
                    Per day
                  </th>
                  <th scope="col" className="py-2 pr-3 font-medium">
                    Owner
                  </th>
                  <th scope="col" className="py-2 font-medium">
                    <span className="sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {initial.map((k) => (
                  <tr key={k.name} className="border-b border-line align-top last:border-0">
                    {editing === k.name ? (
                      <td colSpan={6} className="py-3">
                        <p className="mb-2 font-medium">
                          Edit <span className="font-mono">{k.name}</span>
                        </p>
                        <KpiForm kpi={k} onDone={(x) => done(`Saved ${x.name}.`)} />
                        <button type="button" className={`${secondaryButtonClass} mt-2`} onClick={() => setEditing(null)}>
                          Cancel
                        </button>
                      </td>
                    ) : (
                      <>
                        <td className="py-2 pr-3">
                          <span className="font-mono">{k.name}</span>
                          <span className="block text-muted">{k.title}</span>
                        </td>
                        <td className="py-2 pr-3">{k.unit}</td>
                        <td className="py-2 pr-3">{k.higherIsBetter ? "higher" : "lower"}</td>
                        <td className="py-2 pr-3">{k.aggregation}</td>
                        <td className="py-2 pr-3 break-all">{k.owner}</td>
                        <td className="py-2 text-right">
                          <button
                            type="button"
                            className={`${secondaryButtonClass} py-1`}
                            onClick={() => setEditing(k.name)}
                            aria-label={`Edit ${k.name}`}
                          >
                            Edit
                          </button>
                        </td>
                      </>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
      </section>
      <section aria-labelledby="define-kpi-h" className="rounded-lg border border-line bg-panel p-4">
        <h2 id="define-kpi-h" className="mb-3 text-lg font-semibold">
          Define a KPI
        </h2>
        <KpiForm onDone={(x) => done(`Defined ${x.name}.`)} />
      </section>
    </div>
  );
}

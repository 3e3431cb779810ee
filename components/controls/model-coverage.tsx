"use client";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useId, useState } from "react";
import { type ApiError, apiFetch } from "@/components/ui/api-form";
import { Panel, secondaryButtonClass } from "@/components/ui/page";
import type { FrameworkSummary } from "@/lib/controls/frameworks";
import type { ModelCoverage } from "@/lib/controls/read";
import { EvidenceList } from "./evidence-list";
import { ControlStatusBadge, FiguresLine } from "./status";

const url = (model: string, framework: string, format = "json") =>
  `/api/v1/models/${encodeURIComponent(model)}/framework-coverage?framework=${encodeURIComponent(framework)}&format=${format}`;

/** The model page's "Framework coverage": pick a framework, see each control's status with its evidence. */
export function ModelFrameworkCoverage({ initial, frameworks }: { initial: ModelCoverage; frameworks: FrameworkSummary[] }) {
  const [framework, setFramework] = useState(initial.framework.id);
  const pickerId = useId();
  const q = useQuery<ModelCoverage, ApiError>({
    queryKey: ["framework-coverage", initial.model, framework],
    queryFn: () => apiFetch<ModelCoverage>(url(initial.model, framework), "GET"),
    initialData: framework === initial.framework.id ? initial : undefined,
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
  const c = q.data;
  return (
    <Panel title="Framework coverage" id="framework-coverage">
      <div className="mb-3 flex flex-wrap items-end gap-3">
        <div>
          <label htmlFor={pickerId} className="mb-1 block text-sm font-medium">
            Framework
          </label>
          <select
            id={pickerId}
            value={framework}
            onChange={(e) => setFramework(e.target.value)}
            className="rounded-md border border-slate-400 bg-white px-3 py-2 text-sm"
          >
            {frameworks.map((f) => (
              <option key={f.id} value={f.id}>
                {f.title}
              </option>
            ))}
          </select>
        </div>
        <a href={url(initial.model, framework, "csv")} className={secondaryButtonClass} download>
          Download CSV
        </a>
        <a href={`/compliance/frameworks/${encodeURIComponent(framework)}`} className="text-sm text-brand underline underline-offset-2">
          The portfolio's coverage
        </a>
      </div>
      {q.error && <p className="text-sm text-bad">{q.error.message}</p>}
      {c && (
        <>
          <p className="mb-2 text-sm" data-testid="framework-figures">
            <FiguresLine f={c.figures} />
            <span className="text-muted"> — judged on {c.version ? `version ${c.version} (${c.stage})` : "no version yet"}.</span>
          </p>
          <ul className="divide-y divide-line">
            {c.controls.map(({ control, status, evidence }) => (
              <li key={control.id} className="py-2">
                <div className="flex flex-wrap items-baseline gap-2">
                  <span className="font-mono text-xs">{control.identifier}</span>
                  <span className="font-medium">{control.title}</span>
                  <ControlStatusBadge status={status} />
                </div>
                <div className="mt-1 pl-1">
                  <EvidenceList items={evidence} />
                </div>
              </li>
            ))}
          </ul>
        </>
      )}
    </Panel>
  );
}

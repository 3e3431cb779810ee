"use client";
import { useState } from "react";
import { downloadCsv, downloadPng } from "./download";

const linkButton =
  "rounded px-1.5 py-0.5 text-xs font-medium text-brand underline underline-offset-2 hover:bg-slate-50 disabled:opacity-60";

/** "PNG" and "CSV" for one figure: the chart inside `target` as an image, `rows` as a spreadsheet. */
export function ChartActions({
  target,
  name,
  label,
  rows,
}: {
  target: () => HTMLElement | null;
  name: string;
  label: string;
  rows: () => Record<string, string | number | null>[];
}) {
  const [error, setError] = useState<string | null>(null);
  return (
    <div className="no-print flex items-center gap-1">
      <button
        type="button"
        className={linkButton}
        aria-label={`Download ${label} as PNG`}
        onClick={async () => {
          setError(null);
          const el = target();
          if (el) await downloadPng(el, `${name}.png`).catch((e: Error) => setError(e.message));
        }}
      >
        PNG
      </button>
      <button
        type="button"
        className={linkButton}
        aria-label={`Download the data of ${label} as CSV`}
        onClick={() => downloadCsv(rows(), `${name}.csv`)}
      >
        CSV
      </button>
      {error && (
        <span role="alert" className="text-xs text-bad">
          {error}
        </span>
      )}
    </div>
  );
}

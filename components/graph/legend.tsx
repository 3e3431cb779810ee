import { NODE_TYPES } from "@/lib/lineage/ids";
import { KIND_LABEL, KIND_STYLE, KindIcon } from "./kinds";

/** What the shapes and marks on the canvas mean. */
export function Legend() {
  return (
    <section aria-label="Legend" className="mt-3 flex flex-wrap items-center gap-x-4 gap-y-2 text-xs text-slate-700">
      {NODE_TYPES.map((t) => (
        <span key={t} className="flex items-center gap-1.5">
          <span
            className={`inline-flex h-5 w-8 items-center justify-center border ${KIND_STYLE[t].shape} ${KIND_STYLE[t].border} ${KIND_STYLE[t].bg} ${KIND_STYLE[t].icon}`}
          >
            <KindIcon type={t} className="h-3.5 w-3.5" />
          </span>
          {KIND_LABEL[t]}
        </span>
      ))}
      <span className="flex items-center gap-1.5">
        <span className="rounded-full bg-emerald-700 px-1.5 py-px text-[10px] font-semibold text-white">★ production</span> in production
      </span>
      <span className="flex items-center gap-1.5">
        <span className="rounded-full bg-red-700 px-1.5 py-px text-[10px] font-semibold text-white">✗ run failed</span> job whose last run
        failed
      </span>
      <span className="flex items-center gap-1.5">
        <span className="rounded-t bg-brand px-1.5 py-0.5 text-[10px] font-semibold leading-none text-white">centre</span> the node chosen
      </span>
      <span>Data flows left to right.</span>
    </section>
  );
}

/** How each kind of lineage node is named, labelled and drawn; shared by the explorer (client) and the version page (server). */
import type { NodeType } from "@/lib/lineage/ids";

export type NodeLike = {
  id: string;
  type: NodeType;
  namespace: string;
  name: string;
  stage?: string;
  environment?: string;
  version?: string | null;
};

export const KIND_LABEL: Record<NodeType, string> = { dataset: "Dataset", job: "Job", model: "Model version", deployment: "Deployment" };

/** Colour and shape per kind: never colour alone, each also has its icon, its label and its corners. */
export const KIND_STYLE: Record<NodeType, { shape: string; border: string; bg: string; chip: string; icon: string }> = {
  dataset: {
    shape: "rounded-md",
    border: "border-sky-400",
    bg: "bg-sky-50",
    chip: "bg-sky-50 text-sky-900 ring-sky-300",
    icon: "text-sky-800",
  },
  job: {
    shape: "rounded-none border-l-4",
    border: "border-slate-400 border-l-slate-600",
    bg: "bg-white",
    chip: "bg-slate-100 text-slate-800 ring-slate-300",
    icon: "text-slate-700",
  },
  model: {
    shape: "rounded-2xl",
    border: "border-violet-400",
    bg: "bg-violet-50",
    chip: "bg-violet-50 text-violet-900 ring-violet-300",
    icon: "text-violet-800",
  },
  deployment: {
    shape: "rounded-[28px]",
    border: "border-teal-500",
    bg: "bg-teal-50",
    chip: "bg-teal-50 text-teal-900 ring-teal-400",
    icon: "text-teal-800",
  },
};

/** The name a person reads: a dataset's or job's name, "model version" for a model, "model → environment" for a deployment. */
export function nodeTitle(n: NodeLike): string {
  if (n.type === "model") return `${n.namespace} ${n.name}`;
  if (n.type === "deployment") return `${n.namespace} → ${n.name}`;
  return n.name;
}

/** The second line: where a dataset or job lives, a version's stage, the version a deployment serves. */
export function nodeSubtitle(n: NodeLike): string {
  if (n.type === "model") return n.stage ? `stage: ${n.stage}` : "not in the inventory";
  if (n.type === "deployment") return n.version ? `serves ${n.version}` : "serves no version";
  return n.namespace;
}

export const isProduction = (n: { type: NodeType; stage?: string | null }) =>
  (n.type === "model" || n.type === "deployment") && n.stage === "production";

export const versionHref = (model: string, version: string) =>
  `/models/${encodeURIComponent(model)}/versions/${encodeURIComponent(version)}`;

/** The version page a model or deployment node leads to. */
export function versionHrefOf(n: NodeLike): string | null {
  if (n.type === "model") return versionHref(n.namespace, n.name);
  if (n.type === "deployment" && n.version) return versionHref(n.namespace, n.version);
  return null;
}

export const explorerHref = (id: string) => `/lineage?node=${encodeURIComponent(id)}`;

function iconPaths(type: NodeType) {
  switch (type) {
    case "dataset":
      return (
        <>
          <ellipse cx="8" cy="3.5" rx="5.5" ry="2" />
          <path d="M2.5 3.5v9c0 1.1 2.5 2 5.5 2s5.5-.9 5.5-2v-9M2.5 8c0 1.1 2.5 2 5.5 2s5.5-.9 5.5-2" />
        </>
      );
    case "job":
      return (
        <>
          <circle cx="8" cy="8" r="2.2" />
          <path d="M8 1.5v2M8 12.5v2M1.5 8h2M12.5 8h2M3.4 3.4l1.4 1.4M11.2 11.2l1.4 1.4M3.4 12.6l1.4-1.4M11.2 4.8l1.4-1.4" />
        </>
      );
    case "model":
      return (
        <>
          <path d="M8 1.5l5.5 3v7L8 14.5l-5.5-3v-7z" />
          <path d="M2.5 4.5L8 7.5l5.5-3M8 7.5v7" />
        </>
      );
    default:
      return (
        <>
          <rect x="2" y="2.5" width="12" height="4.5" rx="1" />
          <rect x="2" y="9" width="12" height="4.5" rx="1" />
          <path d="M4.5 4.75h1M4.5 11.25h1" />
        </>
      );
  }
}

/** A decorative icon per kind (a cylinder, a gear, a cube, a server); the kind is always also said in words. */
export function KindIcon({ type, className = "h-4 w-4" }: { type: NodeType; className?: string }) {
  return (
    <svg className={className} viewBox="0 0 16 16" fill="none" stroke="currentColor" strokeWidth={1.5} aria-hidden="true">
      {iconPaths(type)}
    </svg>
  );
}

const chipBase = "inline-flex items-center gap-1 rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset whitespace-nowrap";

export function KindBadge({ type }: { type: NodeType }) {
  return (
    <span className={`${chipBase} ${KIND_STYLE[type].chip}`}>
      <KindIcon type={type} className="h-3.5 w-3.5" />
      {KIND_LABEL[type]}
    </span>
  );
}

const RUN: Record<string, { cls: string; mark: string; label: string }> = {
  COMPLETE: { cls: "bg-emerald-50 text-emerald-900 ring-emerald-400", mark: "✓", label: "completed" },
  FAIL: { cls: "bg-red-50 text-red-800 ring-red-400", mark: "✗", label: "failed" },
  ABORT: { cls: "bg-amber-50 text-amber-900 ring-amber-300", mark: "■", label: "aborted" },
  START: { cls: "bg-sky-50 text-sky-900 ring-sky-300", mark: "▶", label: "running" },
  RUNNING: { cls: "bg-sky-50 text-sky-900 ring-sky-300", mark: "▶", label: "running" },
};

export function RunStateBadge({ state }: { state: string | null | undefined }) {
  if (!state) return <span className="text-xs text-muted">no runs yet</span>;
  const r = RUN[state] ?? { cls: "bg-slate-100 text-slate-800 ring-slate-300", mark: "•", label: state.toLowerCase() };
  return (
    <span className={`${chipBase} ${r.cls}`}>
      <span aria-hidden>{r.mark}</span>
      {r.label}
    </span>
  );
}

/** Production said in words and a mark, for nodes and lists. */
export function ProductionMark() {
  return <span className={`${chipBase} bg-emerald-700 text-white ring-emerald-800`}>★ production</span>;
}

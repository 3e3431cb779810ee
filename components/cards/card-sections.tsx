import { AuditLink } from "@/components/inventory/audit-link";
import { hasContent } from "@/lib/cards/content";
import { type CardDataset, type ModelCard, SECTIONS, type SectionKey } from "@/lib/cards/schemas";
import { CardMarkdown } from "./markdown";

export type CitedEvaluation = { id: string; dataset: string; slice: string | null; metrics: Record<string, number> };
export type CitedAudit = { id: string; name: string; passed: boolean };

type Level = 2 | 3;
const Heading = ({ level, id, children }: { level: Level; id: string; children: React.ReactNode }) =>
  level === 2 ? (
    <h2 id={id} className="mb-2 text-lg font-semibold">
      {children}
    </h2>
  ) : (
    <h3 id={id} className="mb-2 text-base font-semibold">
      {children}
    </h3>
  );

const sub = "mt-3 mb-1 text-xs font-semibold uppercase tracking-wide text-muted";
const filled = (xs: string[] | undefined) => (xs ?? []).filter((x) => x.trim() !== "");

function List({ label, items }: { label: string; items?: string[] }) {
  const xs = filled(items);
  if (!xs.length) return null;
  return (
    <div>
      <p className={sub}>{label}</p>
      <ul className="list-disc pl-5 text-sm">
        {xs.map((x, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: a list may repeat an item
          <li key={i} className="wrap-anywhere">
            {x}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** A link people can follow when it is a web address; otherwise (s3://, postgres://, …) the address as text. */
export function Address({ href }: { href: string }) {
  return /^https?:\/\//i.test(href) ? (
    <a href={href} className="wrap-anywhere font-mono text-xs text-brand underline underline-offset-2" rel="noopener noreferrer">
      {href}
    </a>
  ) : (
    <span className="wrap-anywhere font-mono text-xs">{href}</span>
  );
}

function Datasets({ items }: { items?: CardDataset[] }) {
  const xs = (items ?? []).filter(hasContent);
  if (!xs.length) return null;
  return (
    <div>
      <p className={sub}>Datasets</p>
      <ul className="space-y-2 text-sm">
        {xs.map((d, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: datasets have no identity but their place
          <li key={i} className="rounded border border-line p-2">
            <div className="font-medium wrap-anywhere">{d.name || <span className="text-muted">Unnamed dataset</span>}</div>
            {d.link && <Address href={d.link} />}
            {d.description && <p className="mt-1 whitespace-pre-wrap">{d.description}</p>}
          </li>
        ))}
      </ul>
    </div>
  );
}

function Table({ caption, head, rows }: { caption: string; head: string[]; rows: React.ReactNode[][] }) {
  if (!rows.length) return null;
  return (
    <table className="mt-2 w-full text-left text-sm">
      <caption className={`${sub} text-left`}>{caption}</caption>
      <thead className="border-b border-line text-xs text-muted">
        <tr>
          {head.map((h) => (
            <th key={h} scope="col" className="py-1 pr-3 font-medium">
              {h}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((r, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity but their place
          <tr key={i} className="border-b border-line last:border-0">
            {r.map((c, j) => (
              // Words stay whole in the narrow first columns; the last, widest one may break anywhere (a long URL).
              // biome-ignore lint/suspicious/noArrayIndexKey: fixed columns
              <td key={j} className={`py-1 pr-3 align-top ${j === r.length - 1 ? "wrap-anywhere" : "break-words"}`}>
                {c}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Details({ s }: { s: NonNullable<ModelCard["modelDetails"]> }) {
  const items: [string, React.ReactNode][] = [
    ["Developers", filled(s.developers).join(", ")],
    ["Date", s.date],
    ["Type", s.type],
    ["Licence", s.license],
    ["Contact", s.contact],
    ["Citation", s.citation && <span className="whitespace-pre-wrap">{s.citation}</span>],
  ];
  const shown = items.filter(([, v]) => v);
  if (!shown.length) return null;
  return (
    <dl className="mt-3 grid grid-cols-[max-content_minmax(0,1fr)] gap-x-4 gap-y-1 text-sm">
      {shown.map(([k, v]) => (
        <div key={k} className="contents">
          <dt className="text-muted">{k}</dt>
          <dd className="min-w-0 wrap-anywhere">{v}</dd>
        </div>
      ))}
    </dl>
  );
}

function Cited({ ids, evaluations }: { ids?: string[]; evaluations: CitedEvaluation[] }) {
  const xs = filled(ids);
  if (!xs.length) return null;
  return (
    <div>
      <p className={sub}>Evaluations cited</p>
      <ul className="list-disc pl-5 text-sm">
        {xs.map((id) => {
          const e = evaluations.find((x) => x.id === id);
          return (
            <li key={id} className="wrap-anywhere">
              {e ? (
                <>
                  {e.dataset}
                  {e.slice ? ` (${e.slice})` : ""}:{" "}
                  <span className="font-mono text-xs">
                    {Object.entries(e.metrics)
                      .sort(([a], [b]) => a.localeCompare(b))
                      .map(([k, n]) => `${k} ${n}`)
                      .join(" · ")}
                  </span>
                </>
              ) : (
                <>
                  Evaluation <span className="font-mono text-xs">{id}</span>{" "}
                  <span className="text-muted">(not recorded on this version)</span>
                </>
              )}
            </li>
          );
        })}
      </ul>
    </div>
  );
}

function CitedAudits({ ids, audits }: { ids?: string[]; audits: CitedAudit[] }) {
  const xs = filled(ids);
  if (!xs.length) return null;
  return (
    <div>
      <p className={sub}>Bias audits cited</p>
      <ul className="space-y-1 text-sm">
        {xs.map((id) => {
          const a = audits.find((x) => x.id === id);
          return (
            <li key={id} className="flex flex-wrap items-center gap-2">
              {a ? (
                <>
                  <span className="wrap-anywhere">{a.name}</span> <AuditLink audit={a} />
                </>
              ) : (
                <>
                  Audit <span className="font-mono text-xs wrap-anywhere">{id}</span>{" "}
                  <span className="text-muted">(not an audit of this version)</span>
                </>
              )}
            </li>
          );
        })}
      </ul>
    </div>
  );
}

function Body({ k, card, evaluations, audits }: { k: SectionKey; card: ModelCard; evaluations: CitedEvaluation[]; audits: CitedAudit[] }) {
  switch (k) {
    case "modelDetails":
      return card.modelDetails ? <Details s={card.modelDetails} /> : null;
    case "intendedUse":
      return (
        <>
          <List label="Primary uses" items={card.intendedUse?.primaryUses} />
          <List label="Primary users" items={card.intendedUse?.primaryUsers} />
          <List label="Out of scope" items={card.intendedUse?.outOfScopeUses} />
        </>
      );
    case "factors":
      return (
        <>
          <List label="Relevant factors" items={card.factors?.relevantFactors} />
          <List label="Evaluation factors" items={card.factors?.evaluationFactors} />
        </>
      );
    case "metrics":
      return (
        <Table
          caption="Performance measures"
          head={["Measure", "Threshold", "Why"]}
          rows={(card.metrics?.performanceMeasures ?? []).filter(hasContent).map((m) => [
            <span key="n" className="font-mono text-xs">
              {m.name}
            </span>,
            <span key="t" className="tabular-nums">
              {m.threshold ?? "—"}
            </span>,
            m.why,
          ])}
        />
      );
    case "evaluationData":
    case "trainingData":
      return <Datasets items={card[k]?.datasets} />;
    case "quantitativeAnalyses":
      return (
        <>
          <Cited ids={card.quantitativeAnalyses?.evaluationIds} evaluations={evaluations} />
          <CitedAudits ids={card.quantitativeAnalyses?.biasAuditIds} audits={audits} />
        </>
      );
    case "ethicalConsiderations":
      return (
        <Table
          caption="Risks and mitigations"
          head={["Risk", "Mitigation"]}
          rows={(card.ethicalConsiderations?.items ?? []).filter(hasContent).map((e) => [e.name, e.mitigation])}
        />
      );
    default:
      return null;
  }
}

/** What one section holds: its Markdown text, then its structured fields. */
export function CardSectionBody({
  k,
  card,
  evaluations = [],
  audits = [],
}: {
  k: SectionKey;
  card: ModelCard;
  evaluations?: CitedEvaluation[];
  audits?: CitedAudit[];
}) {
  const s = card[k] as { text?: string } | undefined;
  if (!hasContent(s)) return <p className="text-sm text-muted italic">Not written yet.</p>;
  return (
    <>
      {s?.text?.trim() ? <CardMarkdown text={s.text} /> : null}
      <Body k={k} card={card} evaluations={evaluations} audits={audits} />
    </>
  );
}

/**
 * The nine sections of a card, in the paper's order: Markdown text first, then the section's structured fields as
 * lists and tables. A section with nothing in it says so, so a reader sees what is missing.
 */
export function CardSections({
  card,
  level = 3,
  evaluations = [],
  audits = [],
}: {
  card: ModelCard;
  level?: Level;
  evaluations?: CitedEvaluation[];
  audits?: CitedAudit[];
}) {
  return (
    <div className="divide-y divide-line" data-testid="card-sections">
      {SECTIONS.map(({ key, title }) => (
        <section key={key} aria-labelledby={`card-${key}`} className="card-section py-4 first:pt-0 last:pb-0" data-section={key}>
          <Heading level={level} id={`card-${key}`}>
            {title}
          </Heading>
          <CardSectionBody k={key} card={card} evaluations={evaluations} audits={audits} />
        </section>
      ))}
    </div>
  );
}

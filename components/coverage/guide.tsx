import type { ReactNode } from "react";
import Markdown, { type Components } from "react-markdown";
import remarkGfm from "remark-gfm";

const text = (children: ReactNode): string =>
  typeof children === "string" ? children : Array.isArray(children) ? children.map(text).join("") : "";

// "F6 · Poisoning …" gets the id "f6", the anchor every runbook link ends in.
const anchorOf = (children: ReactNode) => {
  const t = text(children);
  return t.length > 1 && t[0] === "F" && t[1] >= "1" && t[1] <= "8" ? `f${t[1]}` : undefined;
};

const components: Components = {
  h1: ({ children }) => <h2 className="mt-6 mb-2 text-lg font-semibold">{children}</h2>,
  h2: ({ children }) => (
    <h2 id={anchorOf(children)} className="mt-6 mb-2 scroll-mt-4 text-lg font-semibold">
      {children}
    </h2>
  ),
  h3: ({ children }) => <h3 className="mt-4 mb-1 font-semibold">{children}</h3>,
  p: ({ children }) => <p className="my-2 max-w-prose">{children}</p>,
  ul: ({ children }) => <ul className="my-2 list-disc pl-5">{children}</ul>,
  a: ({ href, children }) => (
    <a href={href} className="text-brand underline underline-offset-2">
      {children}
    </a>
  ),
  code: ({ children }) => <code className="font-mono text-[0.9em] break-words">{children}</code>,
  // A wide table scrolls inside a region the keyboard can reach (axe).
  table: ({ children }) => (
    <div role="region" aria-label="Failure modes and their signals" tabIndex={0} className="my-3 overflow-x-auto">
      <table className="w-full min-w-[44rem] border-collapse text-left text-sm">{children}</table>
    </div>
  ),
  th: ({ children }) => <th className="border-b border-line py-1 pr-3 font-medium">{children}</th>,
  td: ({ children }) => <td className="border-b border-line py-1 pr-3 align-top">{children}</td>,
};

/** docs/FAILURE-MODES.md as a page: the guide every runbook link without a model runbook points into. */
export function FailureModesGuide({ markdown }: { markdown: string }) {
  return (
    <div className="rounded-lg border border-line bg-panel p-4 text-sm leading-relaxed sm:p-5" data-testid="failure-modes-guide">
      <Markdown remarkPlugins={[remarkGfm]} components={components} skipHtml>
        {markdown}
      </Markdown>
    </div>
  );
}

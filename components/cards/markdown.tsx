import Markdown, { type Components, defaultUrlTransform } from "react-markdown";
import remarkGfm from "remark-gfm";

// A card's Markdown sits under a section heading (h2 or h3), so its own headings start below that: one h1 per page.
const h = "mt-3 mb-1 font-semibold";
const components: Components = {
  h1: ({ children }) => <h3 className={`${h} text-base`}>{children}</h3>,
  h2: ({ children }) => <h4 className={`${h} text-base`}>{children}</h4>,
  h3: ({ children }) => <h5 className={`${h} text-sm`}>{children}</h5>,
  h4: ({ children }) => <h6 className={`${h} text-sm`}>{children}</h6>,
  h5: ({ children }) => <h6 className={`${h} text-sm`}>{children}</h6>,
  h6: ({ children }) => <h6 className={`${h} text-sm`}>{children}</h6>,
  p: ({ children }) => <p className="my-2 first:mt-0 last:mb-0">{children}</p>,
  ul: ({ children }) => <ul className="my-2 list-disc pl-5">{children}</ul>,
  ol: ({ children }) => <ol className="my-2 list-decimal pl-5">{children}</ol>,
  li: ({ children }) => <li className="my-0.5">{children}</li>,
  a: ({ href, children }) => (
    <a href={href} className="wrap-anywhere text-brand underline underline-offset-2" rel="noopener noreferrer">
      {children}
    </a>
  ),
  blockquote: ({ children }) => <blockquote className="my-2 border-l-4 border-line pl-3 text-muted">{children}</blockquote>,
  // Wrapped, not scrolled: a scrolling block would need to take focus (axe), and printing cuts what scrolls.
  pre: ({ children }) => (
    <pre className="my-2 rounded bg-slate-50 p-2 text-xs whitespace-pre-wrap break-all ring-1 ring-line">{children}</pre>
  ),
  code: ({ children }) => <code className="font-mono text-[0.9em]">{children}</code>,
  // A Markdown table may be wider than a phone: it scrolls inside a region the keyboard can reach (axe).
  table: ({ children }) => (
    <div role="region" aria-label="Table" tabIndex={0} className="my-2 overflow-x-auto print:overflow-visible">
      <table className="w-full border-collapse text-left text-sm">{children}</table>
    </div>
  ),
  th: ({ children }) => <th className="border-b border-line py-1 pr-3 font-medium break-words">{children}</th>,
  td: ({ children }) => <td className="border-b border-line py-1 pr-3 align-top break-words">{children}</td>,
  hr: () => <hr className="my-3 border-line" />,
  img: ({ src, alt }) =>
    // biome-ignore lint/performance/noImgElement: card images are arbitrary URLs or inline data, not static assets
    typeof src === "string" && src ? <img src={src} alt={alt ?? ""} className="my-2 max-w-full" /> : null,
};

// Inline raster images are how imported cards carry their graphics; everything else goes through the library's
// safe-protocol check (http, https, mailto, …), so no javascript: link gets through.
const INLINE_IMAGE = /^data:image\/(png|jpeg|gif|webp);base64,[A-Za-z0-9+/=\s]+$/;
const urlTransform = (url: string, key: string) => (key === "src" && INLINE_IMAGE.test(url) ? url : defaultUrlTransform(url));

/**
 * Card text as Markdown (GitHub-flavoured: tables, task lists, strikethrough). Raw HTML in the text is not rendered:
 * react-markdown drops it unless told otherwise, and it is not told otherwise here.
 */
export function CardMarkdown({ text, className = "" }: { text: string; className?: string }) {
  return (
    <div className={`card-md min-w-0 text-sm leading-relaxed break-words ${className}`}>
      <Markdown remarkPlugins={[remarkGfm]} components={components} urlTransform={urlTransform} skipHtml>
        {text}
      </Markdown>
    </div>
  );
}

"use client";
import { useEffect, useId, useState } from "react";
import { inputClass, labelClass } from "@/components/ui/page";
import type { GraphNode } from "@/lib/lineage/graph";
import { useNodeSearch } from "./api";
import { KindBadge, nodeSubtitle, nodeTitle } from "./kinds";

function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setV(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return v;
}

/**
 * Find any node by name: a combobox (ARIA 1.2). Type, move with the arrow keys, Enter to choose, Escape to close;
 * or click a result.
 */
export function NodeSearch({ onChoose }: { onChoose: (node: GraphNode) => void }) {
  const id = useId();
  const listId = `${id}-list`;
  const [text, setText] = useState("");
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const q = useDebounced(text.trim(), 200);
  const search = useNodeSearch(q);
  const items = q && search.data ? search.data.items : [];
  const showList = open && q.length > 0 && text.trim().length > 0;

  const choose = (n: GraphNode) => {
    setOpen(false);
    setText(nodeTitle(n));
    onChoose(n);
  };

  const onKeyDown = (e: React.KeyboardEvent<HTMLInputElement>) => {
    if (e.key === "ArrowDown") {
      e.preventDefault();
      setOpen(true);
      setActive((a) => (items.length ? (a + 1) % items.length : 0));
    } else if (e.key === "ArrowUp") {
      e.preventDefault();
      setOpen(true);
      setActive((a) => (items.length ? (a - 1 + items.length) % items.length : 0));
    } else if (e.key === "Enter") {
      e.preventDefault();
      const n = items[active] ?? items[0];
      if (showList && n) choose(n);
    } else if (e.key === "Escape") {
      setOpen(false);
    }
  };

  let status = "";
  if (showList) {
    if (search.isError) status = `The search failed (${search.error.message}). Try again.`;
    else if (search.isFetching && !search.data) status = "Searching…";
    else if (search.data && items.length === 0) status = `Nothing is named like “${q}”. Try part of a table, job or model name.`;
    else if (items.length)
      status = `${items.length === 12 ? "The first 12" : items.length} ${items.length === 1 ? "match" : "matches"}: arrow keys to move, Enter to open.`;
  }

  return (
    <div className="relative">
      <label htmlFor={`${id}-input`} className={labelClass}>
        Find a dataset, job, model version or deployment
      </label>
      <input
        id={`${id}-input`}
        type="search"
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={showList && items.length > 0}
        aria-controls={listId}
        aria-activedescendant={showList && items[active] ? `${id}-opt-${active}` : undefined}
        aria-describedby={`${id}-status`}
        autoComplete="off"
        spellCheck={false}
        placeholder="e.g. card_transactions or fraud-card-tx"
        className={inputClass}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          setOpen(true);
          setActive(0);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => setTimeout(() => setOpen(false), 150)}
        onKeyDown={onKeyDown}
      />
      <p id={`${id}-status`} aria-live="polite" className="sr-only">
        {status}
      </p>
      {/* Always in the page, so aria-controls names an element; hidden while closed. */}
      <div
        hidden={!showList}
        className="absolute inset-x-0 top-full z-30 mt-1 overflow-hidden rounded-md border border-line bg-white shadow-lg"
      >
        <div id={listId} role="listbox" aria-label="Matching nodes" hidden={items.length === 0} className="max-h-80 overflow-y-auto py-1">
          {items.map((n, i) => (
            // biome-ignore lint/a11y/useKeyWithClickEvents: the keyboard works on the combobox's input (arrows, Enter), as ARIA's combobox pattern has it
            <div
              key={n.id}
              id={`${id}-opt-${i}`}
              role="option"
              tabIndex={-1}
              aria-selected={i === active}
              className={`flex cursor-pointer flex-wrap items-center gap-x-2 gap-y-0.5 px-3 py-2 text-sm ${i === active ? "bg-sky-100" : "hover:bg-slate-50"}`}
              onMouseDown={(e) => e.preventDefault()}
              onMouseEnter={() => setActive(i)}
              onClick={() => choose(n)}
            >
              <KindBadge type={n.type} />
              <span className="font-medium break-all">{nodeTitle(n)}</span>
              <span className="w-full truncate text-xs text-muted sm:ml-auto sm:w-auto">{nodeSubtitle(n)}</span>
            </div>
          ))}
        </div>
        {items.length === 0 && <p className="px-3 py-2 text-sm text-muted">{status}</p>}
      </div>
    </div>
  );
}

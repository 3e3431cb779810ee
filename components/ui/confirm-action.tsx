"use client";
import { useEffect, useId, useRef, useState } from "react";
import { buttonClass, secondaryButtonClass } from "./page";

export const dangerButtonClass =
  "inline-flex items-center justify-center rounded-md bg-bad px-3 py-2 text-sm font-medium text-white hover:bg-red-800 disabled:opacity-60";

/**
 * A button that asks before it acts: the first press shows what will happen and a second, explicit button.
 * Focus moves to Cancel when the question opens (the safe choice) and back to the trigger when it closes.
 */
export function ConfirmAction({
  label,
  ariaLabel,
  question,
  note,
  confirmLabel,
  pendingLabel,
  pending,
  danger = true,
  onConfirm,
}: {
  label: string;
  /** When the visible label alone is ambiguous (one per table row), e.g. "Revoke the token ci-deploy". */
  ariaLabel?: string;
  question: React.ReactNode;
  note?: React.ReactNode;
  confirmLabel: string;
  pendingLabel?: string;
  pending?: boolean;
  danger?: boolean;
  onConfirm: (done: () => void) => void;
}) {
  const [open, setOpen] = useState(false);
  const trigger = useRef<HTMLButtonElement>(null);
  const cancel = useRef<HTMLButtonElement>(null);
  const wasOpen = useRef(false);
  const id = useId();

  useEffect(() => {
    if (open) cancel.current?.focus();
    else if (wasOpen.current) trigger.current?.focus();
    wasOpen.current = open;
  }, [open]);

  if (!open)
    return (
      <button ref={trigger} type="button" className={secondaryButtonClass} aria-label={ariaLabel} onClick={() => setOpen(true)}>
        {label}
      </button>
    );
  return (
    <div
      role="group"
      aria-labelledby={`${id}-q`}
      className={`rounded-md border p-3 ${danger ? "border-red-300 bg-red-50" : "border-line bg-slate-50"}`}
      onKeyDown={(e) => {
        if (e.key === "Escape" && !pending) setOpen(false);
      }}
    >
      <p id={`${id}-q`} className="text-sm font-medium">
        {question}
      </p>
      {note && <p className="mt-1 text-sm">{note}</p>}
      <div className="mt-3 flex flex-wrap gap-2">
        <button
          type="button"
          className={danger ? dangerButtonClass : buttonClass}
          disabled={pending}
          onClick={() => onConfirm(() => setOpen(false))}
        >
          {pending ? (pendingLabel ?? "Working…") : confirmLabel}
        </button>
        <button ref={cancel} type="button" className={secondaryButtonClass} disabled={pending} onClick={() => setOpen(false)}>
          Cancel
        </button>
      </div>
    </div>
  );
}

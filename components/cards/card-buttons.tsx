"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { type ApiError, apiFetch } from "@/components/ui/api-form";
import { buttonClass, secondaryButtonClass } from "@/components/ui/page";
import { cardApiPath } from "./paths";

/** Opens the browser's print dialog (where "Save as PDF" lives). */
export function PrintButton({ label = "Print" }: { label?: string }) {
  return (
    <button type="button" className={`${secondaryButtonClass} no-print`} onClick={() => window.print()}>
      {label}
    </button>
  );
}

/** POST …/card/copy-previous, then show the copied card (marked as needing review). */
export function CopyPreviousButton({ model, version, from }: { model: string; version: string; from: string }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function copy() {
    setBusy(true);
    setError(null);
    try {
      await apiFetch(`${cardApiPath(model, version)}/copy-previous`, "POST");
      router.refresh();
    } catch (e) {
      setError((e as ApiError).message);
    } finally {
      setBusy(false);
    }
  }
  return (
    <div>
      <button type="button" className={buttonClass} onClick={copy} disabled={busy}>
        {busy ? "Copying…" : `Start from version ${from}'s card`}
      </button>
      {error && (
        <p role="status" className="mt-2 text-sm text-bad">
          {error}
        </p>
      )}
    </div>
  );
}

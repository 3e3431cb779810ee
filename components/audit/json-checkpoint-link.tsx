"use client";

import type { ReactNode } from "react";

/**
 * Downloads v1's HMAC checkpoint: GET /api/v1/audit/checkpoint answers JSON only to `Accept: application/json` (a plain
 * link gets the signed note), so the file is fetched with that header and saved from memory.
 */
export function JsonCheckpointLink({ filename, children }: { filename: string; children: ReactNode }) {
  return (
    <a
      href="/api/v1/audit/checkpoint"
      download={filename}
      className="text-brand underline"
      data-testid="checkpoint"
      onClick={async (ev) => {
        ev.preventDefault();
        const res = await fetch("/api/v1/audit/checkpoint", { headers: { accept: "application/json" } });
        const url = URL.createObjectURL(new Blob([await res.text()], { type: "application/json" }));
        const a = document.createElement("a");
        a.href = url;
        a.download = filename;
        document.body.append(a);
        a.click();
        a.remove();
        setTimeout(() => URL.revokeObjectURL(url), 1000);
      }}
    >
      {children}
    </a>
  );
}

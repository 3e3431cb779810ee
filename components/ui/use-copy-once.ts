"use client";
import { useEffect, useRef, useState } from "react";

/**
 * A secret shown this once (an API token, a webhook's signing secret): focus moves to the panel's heading when it
 * appears, and copy() selects the read-only field and puts the text on the clipboard, falling back to the selection
 * (Ctrl+C) where the clipboard needs a secure context. `copied` says which happened, for the status line.
 */
export function useCopyOnce(text: string) {
  const heading = useRef<HTMLHeadingElement>(null);
  const field = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<"yes" | "no" | null>(null);
  useEffect(() => {
    heading.current?.focus();
  }, []);
  async function copy() {
    field.current?.select();
    try {
      await navigator.clipboard.writeText(text);
      setCopied("yes");
    } catch {
      setCopied(document.execCommand?.("copy") ? "yes" : "no");
    }
  }
  return { heading, field, copied, copy };
}

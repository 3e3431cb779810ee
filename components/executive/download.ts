"use client";
import { csvCell } from "@/lib/csv";

// Charts for a meeting: the drawn SVG as a PNG, or the figures behind it as CSV, made in the browser.

function save(blob: Blob, filename: string) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** RFC 4180, each cell by the one rule of lib/csv.ts (a cell a spreadsheet would run as a formula gets a leading '). */
export function toCsv(rows: Record<string, string | number | null>[]): string {
  if (!rows.length) return "";
  const keys = Object.keys(rows[0]);
  return `${[keys.join(","), ...rows.map((r) => keys.map((k) => csvCell(r[k])).join(","))].join("\r\n")}\r\n`;
}

export function downloadCsv(rows: Record<string, string | number | null>[], filename: string) {
  save(new Blob([toCsv(rows)], { type: "text/csv;charset=utf-8" }), filename);
}

async function drawn(svg: SVGSVGElement, fontFamily: string): Promise<{ img: HTMLImageElement; rect: DOMRect }> {
  const rect = svg.getBoundingClientRect();
  const copy = svg.cloneNode(true) as SVGSVGElement;
  copy.setAttribute("xmlns", "http://www.w3.org/2000/svg");
  copy.setAttribute("width", String(rect.width));
  copy.setAttribute("height", String(rect.height));
  // An SVG drawn as an image sees no stylesheet: name the page's font in the file.
  copy.setAttribute("font-family", fontFamily);
  const url = URL.createObjectURL(new Blob([new XMLSerializer().serializeToString(copy)], { type: "image/svg+xml;charset=utf-8" }));
  try {
    const img = new Image();
    await new Promise<void>((resolve, reject) => {
      img.onload = () => resolve();
      img.onerror = () => reject(new Error("The chart could not be drawn as an image."));
      img.src = url;
    });
    return { img, rect };
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** Every recharts chart inside `root`, where it sits, drawn at twice its size on a white canvas and saved as PNG. */
export async function downloadPng(root: HTMLElement, filename: string) {
  // Each chart's own SVG; its legend is HTML, with an SVG icon per entry that is not worth drawing alone.
  const svgs = [...root.querySelectorAll(".recharts-wrapper > svg.recharts-surface")] as SVGSVGElement[];
  if (!svgs.length) throw new Error("The chart is not drawn yet.");
  const font = getComputedStyle(root).fontFamily;
  const parts = await Promise.all(svgs.map((s) => drawn(s, font)));
  const left = Math.min(...parts.map((p) => p.rect.left));
  const top = Math.min(...parts.map((p) => p.rect.top));
  const width = Math.max(...parts.map((p) => p.rect.right)) - left;
  const height = Math.max(...parts.map((p) => p.rect.bottom)) - top;
  const scale = 2;
  const canvas = document.createElement("canvas");
  canvas.width = Math.ceil(width * scale);
  canvas.height = Math.ceil(height * scale);
  const ctx = canvas.getContext("2d");
  if (!ctx) throw new Error("This browser cannot draw on a canvas.");
  ctx.fillStyle = "#ffffff";
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.scale(scale, scale);
  for (const p of parts) ctx.drawImage(p.img, p.rect.left - left, p.rect.top - top, p.rect.width, p.rect.height);
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, "image/png"));
  if (!blob) throw new Error("The chart could not be saved as PNG.");
  save(blob, filename);
}

"use client";

/** Split a label into lines of at most `max` characters, breaking after spaces and hyphens (recharts breaks on spaces only). */
export function wrapLabel(label: string, max: number): string[] {
  const words = label.match(/[^\s-]+-?|\s+/g)?.filter((w) => w.trim()) ?? [label];
  const lines: string[] = [];
  let line = "";
  for (const w of words) {
    const joiner = line === "" || line.endsWith("-") ? "" : " ";
    if (line && (line + joiner + w).length > max) {
      lines.push(line);
      line = w;
    } else line += joiner + w;
  }
  if (line) lines.push(line);
  return lines.map((l) => (l.length > max ? `${l.slice(0, max - 1)}…` : l));
}

/** A y-axis tick that wraps the group's name to the axis width. */
export function GroupTick(props: {
  x?: number | string;
  y?: number | string;
  payload?: { value: string };
  width: number;
  fontSize: number;
}) {
  const max = Math.max(6, Math.floor((props.width - 10) / (props.fontSize * 0.58)));
  const lines = wrapLabel(String(props.payload?.value ?? ""), max);
  const x = Number(props.x ?? 0);
  const y = Number(props.y ?? 0) - ((lines.length - 1) * props.fontSize * 1.1) / 2;
  return (
    <text x={x - 4} y={y} textAnchor="end" dominantBaseline="central" fontSize={props.fontSize} fill="#1c2430">
      {lines.map((l, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: the lines of one label, fixed in order; two may read the same
        <tspan key={i} x={x - 4} dy={i === 0 ? 0 : props.fontSize * 1.1}>
          {l}
        </tspan>
      ))}
    </text>
  );
}

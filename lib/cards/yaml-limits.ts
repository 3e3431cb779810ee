// Limits put on YAML from the caller before the parser sees it: the parser recurses (a few hundred levels of nesting
// overflow the stack, and a caught overflow once left V8 unable to compile a regular expression after it), and reads
// some shapes slowly (many small nodes), so depth and the count of nodes are bounded first, in one linear pass.

const isSpace = (c: string | undefined) => c !== undefined && c !== "" && c.trim() === "";
function skipSpace(s: string, i: number): number {
  while (isSpace(s[i])) i++;
  return i;
}

/** Collections nested deeper than this are refused before the YAML parser (which recurses) sees them. */
export const MAX_YAML_DEPTH = 64;

/**
 * A linear, conservative bound on how deep the YAML nests: open flow brackets (even inside quotes), plus the block
 * levels open (indentations deeper than the line before, and "- " / "? " markers that open a level on the same line).
 */
export function yamlDepth(yaml: string): number {
  let flow = 0;
  let worst = 0;
  const indents: number[] = [];
  for (const line of yaml.split("\n")) {
    let i = 0;
    while (line[i] === " ") i++;
    if (i < line.length && line[i] !== "#") {
      while (indents.length && indents[indents.length - 1] >= i) indents.pop();
      indents.push(i);
    }
    let marks = 0;
    for (let j = i; (line[j] === "-" || line[j] === "?" || line[j] === ":") && isSpace(line[j + 1]); j = skipSpace(line, j + 1)) marks++;
    for (let j = i; j < line.length; j++) {
      const c = line[j];
      if (c === "[" || c === "{") flow++;
      else if ((c === "]" || c === "}") && flow > 0) flow--;
      if (flow > worst) worst = flow;
    }
    worst = Math.max(worst, indents.length + marks + flow);
  }
  return worst;
}

/** Items beyond this (lines and flow separators: a bound on the parser's nodes) are refused before parsing. */
export const MAX_YAML_ITEMS = 20_000;

/** Lines plus commas: at least the number of nodes a flow or block collection can hold. */
export function yamlItems(yaml: string): number {
  let n = 1;
  for (let i = 0; i < yaml.length; i++) {
    const c = yaml.charCodeAt(i);
    if (c === 10 || c === 44) n++;
  }
  return n;
}

/** Why this YAML is not parsed, or null when it may be. */
export function yamlRefusal(yaml: string): string | null {
  if (yamlDepth(yaml) > MAX_YAML_DEPTH) return `nests deeper than ${MAX_YAML_DEPTH} levels`;
  if (yamlItems(yaml) > MAX_YAML_ITEMS) return `holds more than ${MAX_YAML_ITEMS.toLocaleString("en-US")} items`;
  return null;
}

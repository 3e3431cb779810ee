// The metric names a PromQL expression selects, by a small scanner (no regular expressions over the query): string
// literals, label matchers `{…}`, range and subquery brackets `[…]` and the label lists of `by`, `without`, `on`,
// `ignoring`, `group_left` and `group_right` are skipped; an identifier followed by `(` is a function or aggregation;
// so are the aggregation operators; the rest, but for PromQL's keywords, are metric names. Enough for dashboards and alert rules; not a full parser.

const KEYWORDS = new Set([
  "and",
  "or",
  "unless",
  "by",
  "without",
  "on",
  "ignoring",
  "group_left",
  "group_right",
  "offset",
  "bool",
  "atan2",
  "inf",
  "nan",
]);
/** Aggregation operators: `sum by (x) (…)` puts the label list between the word and its parenthesis. */
const AGGREGATIONS = new Set([
  "sum",
  "min",
  "max",
  "avg",
  "group",
  "stddev",
  "stdvar",
  "count",
  "count_values",
  "bottomk",
  "topk",
  "quantile",
  "limitk",
  "limit_ratio",
]);
const LABEL_LISTS = new Set(["by", "without", "on", "ignoring", "group_left", "group_right"]);

const isStart = (c: string) => (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || c === "_" || c === ":";
const isPart = (c: string) => isStart(c) || (c >= "0" && c <= "9");

/** Skips from an opening bracket to its match (strings inside respected); returns the index after it. */
function skipGroup(q: string, i: number, open: string, close: string): number {
  let depth = 0;
  for (let j = i; j < q.length; j++) {
    const c = q[j];
    if (c === '"' || c === "'" || c === "`") j = skipString(q, j) - 1;
    else if (c === open) depth++;
    else if (c === close && --depth === 0) return j + 1;
  }
  return q.length;
}

function skipString(q: string, i: number): number {
  const quote = q[i];
  for (let j = i + 1; j < q.length; j++) {
    if (q[j] === "\\" && quote !== "`") j++;
    else if (q[j] === quote) return j + 1;
  }
  return q.length;
}

export function metricNames(query: string): string[] {
  const out = new Set<string>();
  let i = 0;
  while (i < query.length) {
    const c = query[i];
    if (c === '"' || c === "'" || c === "`") i = skipString(query, i);
    else if (c === "{") i = skipGroup(query, i, "{", "}");
    else if (c === "[") i = skipGroup(query, i, "[", "]");
    else if (c >= "0" && c <= "9") {
      // a number or a duration (5m, 1.5e3): never a name
      while (i < query.length && (isPart(query[i]) || query[i] === ".")) i++;
    } else if (isStart(c)) {
      let j = i;
      while (j < query.length && isPart(query[j])) j++;
      const word = query.slice(i, j);
      let k = j;
      while (k < query.length && query[k] === " ") k++;
      if (LABEL_LISTS.has(word.toLowerCase()) && query[k] === "(") i = skipGroup(query, k, "(", ")");
      else {
        const lower = word.toLowerCase();
        if (query[k] !== "(" && !KEYWORDS.has(lower) && !AGGREGATIONS.has(lower)) out.add(word);
        i = j;
      }
    } else i++;
  }
  return [...out];
}

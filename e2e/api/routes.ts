// The route handlers on disk: every app/**/route.ts, its URL and the HTTP methods it exports. Read from the files
// themselves, so a test built on this list notices a new route or method without anyone telling it.
import fs from "node:fs";
import path from "node:path";

export type Method = "GET" | "POST" | "PATCH" | "PUT" | "DELETE" | "HEAD" | "OPTIONS";
export const ROOT = process.cwd();

export function walk(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    if (d.isDirectory()) return d.name === "node_modules" || d.name.startsWith(".") ? [] : walk(p);
    return [p];
  });
}

/** app/api/v1/models/[name]/route.ts → /api/v1/models/[name]; route groups "(x)" and slots "@x" are not in the URL. */
export function urlOf(file: string): string {
  const rel = path.relative(path.join(ROOT, "app"), path.dirname(file)).split(path.sep);
  const parts = rel.filter((p) => p && !/^\(.*\)$/.test(p) && !p.startsWith("@"));
  return `/${parts.join("/")}`;
}

/** The HTTP methods a route file exports: `export const GET`, `export async function GET`, `export { handler as GET }`. */
export function methodsOf(source: string): Method[] {
  const found = new Set<string>();
  for (const m of source.matchAll(/export\s+(?:const|let|var|async\s+function|function)\s+(GET|POST|PATCH|PUT|DELETE|HEAD|OPTIONS)\b/g))
    found.add(m[1]);
  for (const block of source.matchAll(/export\s*\{([^}]*)\}/g)) {
    for (const spec of block[1].split(",")) {
      const name = spec
        .trim()
        .split(/\s+as\s+/)
        .pop()
        ?.trim();
      if (name && /^(GET|POST|PATCH|PUT|DELETE|HEAD|OPTIONS)$/.test(name)) found.add(name);
    }
  }
  return [...found].sort() as Method[];
}

export const ROUTE_FILES = walk(path.join(ROOT, "app"))
  .filter((f) => /[/\\]route\.(ts|tsx|js|mjs)$/.test(f))
  .sort();

/** Every route and method, keyed like "GET /api/v1/models/[name]". */
export const DISCOVERED: { key: string; file: string; method: Method; url: string }[] = ROUTE_FILES.flatMap((file) => {
  const url = urlOf(file);
  return methodsOf(fs.readFileSync(file, "utf8")).map((method) => ({ key: `${method} ${url}`, file, method, url }));
});

// Number formats shared by the audit page's tables and charts (server and client).
export const rate = (x: number | null | undefined) => (x === null || x === undefined ? "—" : x.toFixed(3));
export const ratio = (x: number | null | undefined) =>
  x === null || x === undefined ? "—" : x >= 100 ? x.toFixed(0) : Number(x.toPrecision(3)).toString();
export const count = (n: number) => n.toLocaleString("en-US");

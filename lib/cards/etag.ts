import { badRequest } from "../errors";

/** The ETag of a card revision: the revision number, quoted. */
export const revisionEtag = (revision: number) => `"${revision}"`;

/**
 * The revision an `If-Match` header expects: `3`, `"3"` or `W/"3"`; `0` means "there is no card yet".
 * Undefined when the header is absent (the save then goes on top of whatever is current).
 */
export function parseIfMatch(header: string | null): number | undefined {
  if (header === null || header.trim() === "") return undefined;
  const m = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(header);
  if (!m)
    throw badRequest('The If-Match header must be the card revision you started from, such as 3 or "3".', [
      { path: "If-Match", message: "is not a revision number" },
    ]);
  return Number(m[1]);
}

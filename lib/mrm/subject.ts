import "server-only";
import type { Subject } from "../auth/policy";
import { evidenceAuthors, productionVersion } from "../releases/evidence";

/**
 * A model as the policy judges a validator against it (four eyes): its owner and maintainers, and who authored the
 * evidence of its production version (registration, latest card revision, evaluations, latest bias audit), as for a
 * release of that version. A model not in production has only its stewards.
 */
export async function reviewSubject(m: { id: number; owner: string; maintainers: readonly string[] | null }): Promise<Subject> {
  const prod = await productionVersion(m.id);
  const authors = prod ? ((await evidenceAuthors([prod])).get(prod.id) ?? []) : [];
  return { kind: "model_review", owner: m.owner, maintainers: m.maintainers ?? [], evidenceAuthors: authors };
}

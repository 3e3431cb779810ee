import "server-only";
import { notFound } from "next/navigation";
import type { Actor } from "@/lib/auth/actor";
import { getCard } from "@/lib/cards/cards";
import { AppError } from "@/lib/errors";
import { getModel } from "@/lib/inventory/models";
import { getVersion } from "@/lib/inventory/versions";

export type CardParams = { name: string; version: string };

const missing = (e: unknown): never => {
  if (e instanceof AppError && e.status === 404) notFound();
  throw e;
};

/** The model, the version and its latest card (or the given revision; null when none was saved), for the card pages. */
export async function loadCard(actor: Actor, p: CardParams, revision?: number) {
  const version = decodeURIComponent(p.version);
  const [m, v] = await Promise.all([getModel(actor, p.name), getVersion(actor, p.name, version)]).catch(missing);
  const card = v.card ? await getCard(actor, m.name, version, revision).catch(missing) : null;
  return { m, v, card };
}

import { filledSections } from "./content";
import { type ModelCard, SECTIONS } from "./schemas";

/**
 * API.md: "A section holds content when any of its fields is non-empty; completeness (0–100, rounded) is the share
 * of the nine that do." Four sections of nine is 44, five is 56; only all nine is 100.
 */
export function completeness(card: ModelCard): number {
  return Math.round((filledSections(card).length * 100) / SECTIONS.length);
}

/** The exact quantile DDSketch approximates: the element of rank floor(q·(n−1)) of the sorted values. */
export function exactQuantile(sorted: number[], q: number): number {
  return sorted[Math.floor(q * (sorted.length - 1))];
}

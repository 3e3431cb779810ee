const fmt = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });
const day = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeZone: "UTC" });

/** Times are shown in UTC, labelled, so that what two people see agrees. */
export const formatTime = (iso: string | null | undefined) => (iso ? `${fmt.format(new Date(iso))} UTC` : "—");
export const formatDay = (iso: string | null | undefined) => (iso ? day.format(new Date(iso)) : "—");

/** "3 h", "2 d": how long something has waited, for queues. */
export function formatAge(iso: string, now = Date.now()): string {
  const min = Math.max(0, Math.floor((now - new Date(iso).getTime()) / 60_000));
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  if (h < 48) return `${h} h`;
  return `${Math.floor(h / 24)} d`;
}

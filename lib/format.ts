const fmt = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });
const day = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeZone: "UTC" });

/** Times are shown in UTC, labelled, so that what two people see agrees. */
export const formatTime = (iso: string | null | undefined) => (iso ? `${fmt.format(new Date(iso))} UTC` : "—");
export const formatDay = (iso: string | null | undefined) => (iso ? day.format(new Date(iso)) : "—");

/** How many of a webhook's deliveries the page shows (most recent first). */
export const RECENT_DELIVERIES = 10;

import { LOCKS } from "@/db/locks";

/** The advisory lock every append takes (transaction-scoped): serialises the chain and the tree across instances. */
export const AUDIT_LOCK = LOCKS.audit;

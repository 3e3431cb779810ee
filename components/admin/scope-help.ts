import type { Scope } from "@/lib/auth/roles";

export const SCOPE_HELP: Record<Scope, string> = {
  read: "read what the user may see",
  write: "create and change what the user's roles allow",
  admin: "manage users and tokens (works only for admins)",
};

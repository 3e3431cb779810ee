import type { SecurityEventKind } from "@/lib/security/schemas";

export const KIND_LABEL: Record<SecurityEventKind, string> = {
  sign_in_refused: "Refused sign-ins",
  token_refused: "Refused tokens",
  permission_denied: "Permission denials",
};

/** One event's kind, in the table. */
export const KIND_ONE: Record<SecurityEventKind, string> = {
  sign_in_refused: "sign-in refused",
  token_refused: "token refused",
  permission_denied: "permission denied",
};

export const KIND_COLOUR: Record<SecurityEventKind, string> = {
  sign_in_refused: "#b45309",
  token_refused: "#7c3aed",
  permission_denied: "var(--color-brand)",
};

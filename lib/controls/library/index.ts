import type { FrameworkDef } from "../types";
import { EU_AI_ACT } from "./eu-ai-act";
import { ISO_42001 } from "./iso-42001";
import { NIST_AI_RMF } from "./nist-ai-rmf";
import { SR_11_7 } from "./sr-11-7";

/** The shipped frameworks, in the order pages list them. Read-only: admins add their own beside them (lib/controls/custom.ts). */
export const LIBRARY: readonly FrameworkDef[] = [EU_AI_ACT, NIST_AI_RMF, ISO_42001, SR_11_7];
export const shippedFramework = (id: string): FrameworkDef | undefined => LIBRARY.find((f) => f.id === id);

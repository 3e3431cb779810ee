import { expect, type Locator, type Page } from "@playwright/test";
import type { Role } from "../../lib/auth/roles";
import { E2E } from "../env";
import { adminApi, unique } from "../fixtures";

/** A throwaway user created by the admin through the API, so a test can lock, disable or otherwise spoil it alone. */
export async function createUser(roles: Role[] = ["viewer"], prefix = "ui-user") {
  const email = `${unique(prefix)}@example.com`;
  const name = `Test ${prefix}`;
  const admin = await adminApi();
  const res = await admin.post("/api/v1/users", { data: { email, name, roles, password: E2E.password } });
  expect(res.status(), await res.text()).toBe(201);
  await admin.dispose();
  return { email, name, roles };
}

/**
 * A screenshot for people to look at (test-results/…), taken when developing; skipped in CI (CI=true, unless
 * E2E_SCREENSHOTS=1), where nobody looks at them and full-page captures of long pages cost minutes in all.
 */
export async function snap(
  target: Page | Locator,
  options: Parameters<Page["screenshot"]>[0] & Parameters<Locator["screenshot"]>[0],
): Promise<void> {
  if (process.env.CI && process.env.E2E_SCREENSHOTS !== "1") return;
  await target.screenshot(options);
}

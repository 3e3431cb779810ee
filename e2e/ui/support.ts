import { expect } from "@playwright/test";
import type { Role } from "../../lib/auth/roles";
import { adminApi, unique } from "../fixtures";
import { E2E } from "../env";

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

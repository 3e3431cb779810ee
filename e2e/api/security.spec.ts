// Issue 7's security audit SLI over HTTP: a refused token (401) and a permission denial (403) each land in the
// security log, which compliance and admins read at GET /api/v1/security/events. Other specs share the server,
// so counts are compared before and after.
import { type APIRequestContext, expect, test } from "@playwright/test";
import { adminApi, anonymousApi, bearerApi, disposeAll, expectError, type Role, roleClients, unique } from "./support";

let admin: APIRequestContext;
let as: Record<Role, APIRequestContext>;

test.beforeAll(async () => {
  admin = await adminApi();
  as = await roleClients();
});
test.afterAll(async () => disposeAll(admin, as));

type Summary = {
  counts: Record<"sign_in_refused" | "token_refused" | "permission_denied", { last24h: number; last7d: number }>;
  daily: { day: string }[];
  recent: { kind: string; token: string | null; path: string | null; requestId: string }[];
};
const summary = async (api: APIRequestContext): Promise<Summary> => {
  const res = await api.get("/api/v1/security/events");
  expect(res.status(), await res.text()).toBe(200);
  return res.json();
};

test("a refused token and a permission denial are counted in the security log", async () => {
  const before = await summary(admin);

  const secret = `stw_${unique("never-issued").replace(/-/g, "_")}_0123456789abcdef`;
  const stranger = await bearerApi(secret);
  await expectError(await stranger.get("/api/v1/me"), 401, "unauthenticated");
  await stranger.dispose();
  await expectError(await as.viewer.get("/api/v1/users"), 403, "forbidden");

  const after = await summary(admin);
  expect(after.counts.token_refused.last24h - before.counts.token_refused.last24h).toBeGreaterThanOrEqual(1);
  expect(after.counts.token_refused.last7d - before.counts.token_refused.last7d).toBeGreaterThanOrEqual(1);
  expect(after.counts.permission_denied.last24h - before.counts.permission_denied.last24h).toBeGreaterThanOrEqual(1);
  expect(after.daily).toHaveLength(7);
  expect(after.recent.length).toBeLessThanOrEqual(20);
  // What the log keeps of an unknown token is a short hint, never the secret.
  expect(JSON.stringify(after)).not.toContain(secret);
});

test("compliance reads the security log; a viewer is refused, anonymous callers get 401", async () => {
  expect((await summary(as.compliance)).counts).toHaveProperty("sign_in_refused");
  await expectError(await as.viewer.get("/api/v1/security/events"), 403, "forbidden");
  const anonymous = await anonymousApi();
  await expectError(await anonymous.get("/api/v1/security/events"), 401, "unauthenticated");
  await anonymous.dispose();
});

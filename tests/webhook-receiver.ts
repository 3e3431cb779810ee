// A real HTTP endpoint for webhook tests (vitest and Playwright): it records each POST's headers and exact body bytes.
import { createHmac } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";

export type Received = {
  path: string;
  headers: http.IncomingHttpHeaders;
  raw: Buffer;
  body: { id: string; event: string; createdAt: string; data: Record<string, unknown> };
};

/** What the receiver answers: a status code, or "hang" to never answer. */
export type Answer = number | "hang";

export type Receiver = {
  url: string;
  received: Received[];
  /** Decides the answer to each request; the default is 200. `n` counts earlier requests to the same path. */
  respond: (r: Received, n: number) => Answer;
  /** The body of an answer other than 2xx (the portal must never repeat it); `receiver says <status>` by default. */
  errorBody: ((status: number) => string) | null;
  /** Resolves when at least `count` requests (to `path`, if given) have arrived; rejects after `ms`. */
  waitFor(count: number, path?: string, ms?: number): Promise<Received[]>;
  close(): Promise<void>;
};

export async function startReceiver(): Promise<Receiver> {
  const hanging = new Set<http.ServerResponse>();
  const receiver: Receiver = {
    url: "",
    received: [],
    respond: () => 200,
    errorBody: null,
    async waitFor(count, path, ms = 10_000) {
      const started = Date.now();
      for (;;) {
        const got = receiver.received.filter((r) => path === undefined || r.path === path);
        if (got.length >= count) return got;
        if (Date.now() - started > ms) throw new Error(`expected ${count} webhook requests${path ? ` to ${path}` : ""}, got ${got.length}`);
        await new Promise((r) => setTimeout(r, 25));
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of hanging) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const raw = Buffer.concat(chunks);
      let body: Received["body"];
      try {
        body = JSON.parse(raw.toString("utf8"));
      } catch {
        body = { id: "", event: "", createdAt: "", data: {} };
      }
      const r: Received = { path: req.url ?? "/", headers: req.headers, raw, body };
      const n = receiver.received.filter((x) => x.path === r.path).length;
      receiver.received.push(r);
      const answer = receiver.respond(r, n);
      if (answer === "hang") {
        hanging.add(res);
        return;
      }
      // A 3xx points back at this receiver: a client following it would show up as a request to /redirected.
      res.writeHead(answer, {
        "content-type": "text/plain",
        ...(answer >= 300 && answer < 400 ? { location: `${receiver.url}/redirected` } : {}),
      });
      res.end(answer >= 200 && answer < 300 ? "ok" : (receiver.errorBody?.(answer) ?? `receiver says ${answer}`));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return receiver;
}

/** The X-Steward-Signature a receiver expects, computed independently of the portal's code. */
export const expectedSignature = (secret: string, raw: Buffer) => `sha256=${createHmac("sha256", secret).update(raw).digest("hex")}`;

/** A local port with nothing listening on it (bound, then released). */
export async function closedPort(): Promise<number> {
  const s = http.createServer();
  await new Promise<void>((resolve) => s.listen(0, "127.0.0.1", resolve));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

import { pgCode } from "./errors";

/**
 * Run a transaction again when it lost a serialisation race (40001) or a deadlock (40P01), up to `attempts` times with
 * a short growing, jittered pause; anything else goes straight up. `fn` must open its own transaction.
 */
export async function retrying<T>(fn: () => Promise<T>, attempts = 5): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (e) {
      const code = pgCode(e);
      if (i >= attempts || (code !== "40001" && code !== "40P01")) throw e;
      await new Promise((r) => setTimeout(r, 5 * i + Math.random() * 20));
    }
  }
}

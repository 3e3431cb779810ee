import "server-only";
import { withRequestContext } from "@/db/client";

/**
 * A streamed download: each chunk of `chunks` is produced when the client reads it (so a slow reader holds no more than
 * one chunk in memory), inside the request's context (its request id in logs and the audit), and a client that goes
 * away stops the generator (its `finally` releases what it holds).
 */
export function streamedResponse(chunks: AsyncIterable<string>, requestId: string, headers: Record<string, string>): Response {
  const it = chunks[Symbol.asyncIterator]();
  const enc = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { done, value } = await withRequestContext(requestId, () => it.next());
      if (done) controller.close();
      else controller.enqueue(enc.encode(value));
    },
    async cancel() {
      await it.return?.(undefined);
    },
  });
  return new Response(stream, { headers });
}

import { json, route } from "@/lib/api/handler";
import { AppError } from "@/lib/errors";
import { exportTraces, toOtlpError } from "@/lib/otlp/traces";

export const dynamic = "force-dynamic";

// OTLP/HTTP's default traces path (API.md v1.2): JSON-encoded ExportTraceServiceRequest, bearer token with telemetry.write.
// A protobuf body is 415 (JSON only); gzip is refused with 415 too. Errors carry OTLP's google.rpc.Status shape.
const handler = route(
  async ({ actor, req, text }) => {
    const encoding = (req.headers.get("content-encoding") ?? "identity").trim().toLowerCase();
    if (encoding !== "identity" && encoding !== "")
      throw new AppError("unsupported_media_type", 415, "Send the export uncompressed (Content-Encoding: identity).", [
        { path: "Content-Encoding", message: "is not supported" },
      ]);
    return json(await exportTraces(actor, text()), 200);
  },
  { accept: ["application/json"] },
);

export async function POST(req: Request, context: { params: Promise<Record<string, never>> }): Promise<Response> {
  return toOtlpError(await handler(req, context));
}

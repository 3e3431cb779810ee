import { route } from "@/lib/api/handler";
import { evidencePack } from "@/lib/compliance/pack";

export const dynamic = "force-dynamic";

export const GET = route<{ id: string }>(async ({ actor, params }) => {
  const pack = await evidencePack(actor, params.id);
  return new Response(pack.bytes as Uint8Array<ArrayBuffer>, {
    headers: {
      "content-type": "application/zip",
      "content-disposition": `attachment; filename="${pack.filename}"`,
      "content-length": String(pack.bytes.byteLength),
      "cache-control": "private, no-store",
      etag: `"sha256-${pack.sha256}"`,
    },
  });
});

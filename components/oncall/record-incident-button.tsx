"use client";
import { useRouter } from "next/navigation";
import { useApiForm } from "@/components/ui/api-form";

/** One click on a firing alert: POST /api/v1/incidents {alertId}, then the incident's page to fill in the rest. */
export function RecordIncidentButton({ alertId, title }: { alertId: string; title: string }) {
  const router = useRouter();
  const m = useApiForm<{ id: string }>("/api/v1/incidents");
  return (
    <span className="inline-flex items-center gap-2">
      <button
        type="button"
        className="text-brand underline underline-offset-2 disabled:opacity-60"
        disabled={m.isPending}
        onClick={() => m.mutate({ alertId }, { onSuccess: (i) => router.push(`/incidents/${i.id}`) })}
      >
        {m.isPending ? "Recording…" : "Record incident"}
        <span className="sr-only"> for {title}</span>
      </button>
      {m.error && (
        <span role="status" className="text-bad">
          {m.error.message}
        </span>
      )}
    </span>
  );
}

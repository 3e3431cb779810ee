"use client";
import { useRouter } from "next/navigation";
import { formMessage, useApiForm } from "@/components/ui/api-form";
import { FormError } from "@/components/ui/field";
import { buttonClass } from "@/components/ui/page";
import type { Review } from "@/lib/mrm/schemas";

/** A validator opens the model's periodic review and goes to it. */
export function StartReviewButton({ model }: { model: string }) {
  const router = useRouter();
  const { mutate, isPending, error, fieldErrors } = useApiForm<Review>(`/api/v1/models/${model}/reviews`);
  return (
    <div className="space-y-2">
      <button
        type="button"
        className={buttonClass}
        disabled={isPending}
        onClick={() => mutate({}, { onSuccess: (r) => router.push(`/reviews/${r.id}`) })}
      >
        {isPending ? "Starting…" : "Start review"}
      </button>
      <FormError message={formMessage(error, fieldErrors)} />
    </div>
  );
}

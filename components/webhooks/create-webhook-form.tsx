"use client";
import { useRef } from "react";
import { formMessage, useApiForm } from "@/components/ui/api-form";
import { Field, FormError } from "@/components/ui/field";
import { buttonClass } from "@/components/ui/page";
import { ALL_EVENTS, DEFAULT_EVENTS } from "@/lib/webhooks/events";
import type { CreatedWebhookView } from "@/lib/webhooks/webhooks";

/** The API names a bad event by its index ("events[1]"); the form has one field for them all. */
const eventsError = (e: Record<string, string>) => {
  const hit = Object.entries(e).find(([k]) => k === "events" || k.startsWith("events["));
  if (!hit) return undefined;
  const i = /^events\[(\d+)\]$/.exec(hit[0]);
  return i ? `(the ${ordinal(Number(i[1]) + 1)}) ${hit[1]}` : hit[1];
};
const ordinal = (n: number) =>
  `${n}${n % 10 === 1 && n !== 11 ? "st" : n % 10 === 2 && n !== 12 ? "nd" : n % 10 === 3 && n !== 13 ? "rd" : "th"}`;

/** POST /api/v1/webhooks; the secret comes back once and is handed to onCreated. */
export function CreateWebhookForm({ onCreated }: { onCreated: (w: CreatedWebhookView) => void }) {
  const ref = useRef<HTMLFormElement>(null);
  const form = useApiForm<CreatedWebhookView>("/api/v1/webhooks");
  const e = form.fieldErrors;

  function onSubmit(ev: React.FormEvent<HTMLFormElement>) {
    ev.preventDefault();
    const f = new FormData(ev.currentTarget);
    const events = String(f.get("events") ?? "")
      .split(/[\s,]+/)
      .filter(Boolean);
    form.mutate(
      { name: String(f.get("name") ?? "").trim(), url: String(f.get("url") ?? "").trim(), events: events.length ? events : undefined },
      {
        onSuccess: (w) => {
          ref.current?.reset();
          onCreated(w);
        },
      },
    );
  }

  return (
    <form ref={ref} onSubmit={onSubmit} noValidate className="grid grid-cols-1 gap-4" aria-label="Add a webhook">
      <Field
        name="name"
        label="Name"
        required
        autoComplete="off"
        error={e.name}
        hint="Who receives it, e.g. “Deploy bot” or “#ml-releases in chat”."
      />
      <Field
        name="url"
        label="URL"
        type="url"
        required
        autoComplete="off"
        inputMode="url"
        placeholder="https://"
        error={e.url}
        hint="An http:// or https:// endpoint that accepts JSON POSTs and answers 2xx within 5 seconds."
      />
      <Field
        name="events"
        label="Events"
        autoComplete="off"
        defaultValue={DEFAULT_EVENTS.join(", ")}
        error={eventsError(e)}
        hint={`Separate with commas: an event name, a prefix such as release.*, or * for all. Events: ${ALL_EVENTS.join(", ")}.`}
      />
      <FormError message={formMessage(form.error, e)} />
      <div>
        <button type="submit" className={buttonClass} disabled={form.isPending}>
          {form.isPending ? "Adding…" : "Add webhook"}
        </button>
      </div>
    </form>
  );
}

"use client";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";

export type ApiErrorBody = { error: { code: string; message: string; details: { path: string; message: string }[] } };

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiErrorBody["error"],
  ) {
    super(body.message);
  }
}

/** Browser calls to the same /api/v1 the pipelines use, with the session cookie. */
export async function apiFetch<T>(path: string, method: string, body?: unknown): Promise<T> {
  const res = await fetch(path, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: "same-origin",
  });
  const data = await res.json().catch(() => null);
  if (!res.ok) {
    throw new ApiError(
      res.status,
      data?.error ?? { code: "http_error", message: `The server answered ${res.status}. Try again, or reload the page.`, details: [] },
    );
  }
  return data as T;
}

/** A mutation whose 400 details become per-field messages. */
export function useApiForm<T>(path: string, method = "POST") {
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const m = useMutation<T, ApiError, unknown>({
    mutationFn: (body) => apiFetch<T>(path, method, body),
    onMutate: () => setFieldErrors({}),
    onError: (e) => setFieldErrors(Object.fromEntries((e.body?.details ?? []).map((d) => [d.path, d.message]))),
  });
  return { ...m, fieldErrors };
}

/**
 * What to say above the submit button: when the API named the bad fields, their messages already sit under
 * each field, so point there instead of repeating the first one; otherwise the API's own message.
 */
export function formMessage(error: ApiError | null, fieldErrors: Record<string, string>): string | undefined {
  if (!error) return undefined;
  const n = Object.keys(fieldErrors).length;
  if (n === 0) return error.message;
  return n === 1 ? "One field needs a change: see the message under it." : `${n} fields need a change: see the messages under them.`;
}

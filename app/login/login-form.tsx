"use client";
import { signIn } from "next-auth/react";
import { useState } from "react";
import { buttonClass, inputClass, labelClass, secondaryButtonClass } from "@/components/ui/page";

export function LoginForm({
  callbackUrl,
  ssoName,
  initialError = null,
}: {
  callbackUrl: string;
  ssoName: string | null;
  initialError?: string | null;
}) {
  const [error, setError] = useState<string | null>(initialError);
  const [busy, setBusy] = useState(false);

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setBusy(true);
    setError(null);
    const res = await signIn("credentials", {
      email: String(form.get("email") ?? ""),
      password: String(form.get("password") ?? ""),
      redirect: false,
    });
    if (res?.ok && !res.error) {
      window.location.assign(callbackUrl);
      return;
    }
    setBusy(false);
    setError(res?.error && res.error !== "CredentialsSignin" ? res.error : "The email or password is wrong.");
  }

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4">
      <div>
        <label htmlFor="email" className={labelClass}>
          Email
        </label>
        <input id="email" name="email" type="email" autoComplete="username" required className={inputClass} />
      </div>
      <div>
        <label htmlFor="password" className={labelClass}>
          Password
        </label>
        <input id="password" name="password" type="password" autoComplete="current-password" required className={inputClass} />
      </div>
      {error && (
        <p role="status" className="rounded-md border border-red-300 bg-red-50 p-2 text-sm text-bad" data-testid="login-error">
          {error}
        </p>
      )}
      <button type="submit" className={`${buttonClass} w-full`} disabled={busy}>
        {busy ? "Signing in…" : "Sign in"}
      </button>
      {ssoName && (
        <button type="button" className={`${secondaryButtonClass} w-full`} onClick={() => signIn("oidc", { callbackUrl })}>
          Sign in with {ssoName}
        </button>
      )}
    </form>
  );
}

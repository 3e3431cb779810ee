import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { safeCallbackUrl } from "@/lib/auth/callback-url";
import { sessionActor } from "@/lib/auth/current";
import { oidcProvider } from "@/lib/auth/oidc";
import { LoginForm } from "./login-form";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

/** next-auth's error codes, in words a person can act on. */
const SIGN_IN_ERRORS = new Map<string, string>([
  ["AccessDenied", "Your account may not sign in: it is disabled, or the identity provider sent no email. Ask an admin."],
  ["Callback", "Single sign-on did not complete. Try again, or sign in with your email and password."],
  ["OAuthSignin", "Single sign-on could not start. Try again in a minute; if it keeps failing, tell an admin."],
  ["OAuthCallback", "Single sign-on did not complete. Try again, or sign in with your email and password."],
  [
    "OAuthAccountNotLinked",
    "This email belongs to an account that signs in with a password. Sign in with your password, or ask an admin to link the account to single sign-on.",
  ],
  [
    "EmailUnverified",
    "Your identity provider has not verified your email address, so single sign-on cannot use it. Verify it there, or ask an admin.",
  ],
  ["SessionRequired", "Sign in to see that page."],
]);

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string; error?: string }> }) {
  if (await sessionActor()) redirect("/");
  const sp = await searchParams;
  const callbackUrl = safeCallbackUrl(typeof sp.callbackUrl === "string" ? sp.callbackUrl : null);
  const sso = oidcProvider();
  const code = typeof sp.error === "string" ? sp.error : null;
  const errorText = code && code !== "CredentialsSignin" ? (SIGN_IN_ERRORS.get(code) ?? "Sign-in failed. Try again.") : null;
  return (
    <main id="main" className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-sm rounded-lg border border-line bg-panel p-6 shadow-sm">
        <h1 className="text-2xl font-semibold">Sign in to Steward</h1>
        <p className="mb-5 mt-1 text-sm text-muted">Model inventory, evidence and release approvals.</p>
        <LoginForm callbackUrl={callbackUrl} ssoName={sso ? String(sso.name) : null} initialError={errorText} />
      </div>
    </main>
  );
}

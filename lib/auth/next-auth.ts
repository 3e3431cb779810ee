import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { AppError } from "../errors";
import { clientAddress, UNKNOWN_ADDRESS } from "../security/address";
import { recordSecurityEvent } from "../security/record";
import { OidcRefused, oidcProvider, upsertOidcUser } from "./oidc";
import { createSession, endSession, SESSION_HOURS } from "./sessions";
import { authenticate, SignInRefused } from "./users";

/** The request id a sign-in sent (proxy.ts does not run on /api), if it looks like one. */
function signInRequestId(headers: unknown): string | null {
  const h = (headers ?? {}) as Record<string, string | string[] | undefined>;
  const v = Array.isArray(h["x-request-id"]) ? h["x-request-id"][0] : h["x-request-id"];
  return v && /^[\w.-]{8,100}$/.test(v) ? v : null;
}

/** The client address of the request being handled (next-auth's callbacks are not given the request). */
async function requestAddress(): Promise<string> {
  try {
    const { headers } = await import("next/headers");
    return clientAddress(await headers());
  } catch {
    return UNKNOWN_ADDRESS; // outside a request (tests calling the callbacks directly)
  }
}

declare module "next-auth" {
  interface Session {
    sid?: string;
  }
}
declare module "next-auth/jwt" {
  interface JWT {
    sid?: string;
  }
}

const oidc = oidcProvider();

/**
 * next-auth signs a JWT cookie that carries only a session id; the session row in Postgres is the truth,
 * so signing out or disabling a user ends the session at once (lib/auth/sessions.ts).
 */
export const authOptions: NextAuthOptions = {
  secret: process.env.NEXTAUTH_SECRET,
  session: { strategy: "jwt", maxAge: SESSION_HOURS * 3600 },
  // Errors land on our own sign-in page (?error=CODE), which says what happened in words.
  pages: { signIn: "/login", error: "/login" },
  providers: [
    CredentialsProvider({
      name: "Email and password",
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(credentials, req) {
        if (!credentials?.email || !credentials.password) throw new Error("Enter your email and password.");
        const address = clientAddress(req?.headers as Record<string, string> | undefined);
        try {
          const u = await authenticate(credentials.email, credentials.password, address);
          const sid = await createSession(u.id);
          return { id: String(u.id), email: u.email, name: u.name, sid };
        } catch (e) {
          if (e instanceof AppError) {
            // The security log: who tried and which check refused them; never the password.
            await recordSecurityEvent({
              kind: "sign_in_refused",
              email: credentials.email,
              method: "POST",
              path: "/api/auth/callback/credentials",
              reason: e instanceof SignInRefused ? e.reason : e.message,
              requestId: signInRequestId(req?.headers),
              address,
            });
            throw new Error(e.message);
          }
          throw e;
        }
      },
    }),
    ...(oidc ? [oidc] : []),
  ],
  callbacks: {
    // OIDC: the user is created/updated and refused here, not in jwt(): an error thrown from jwt() ends on next-auth's
    // bare "Error" page (?error=Callback), while a URL returned here is where the browser goes: /login, saying why.
    async signIn({ user, account, profile }) {
      if (account?.provider !== "oidc") return true;
      if (!profile) return false;
      try {
        const u = await upsertOidcUser(profile as Record<string, unknown>);
        (user as { sid?: string }).sid = await createSession(u.id);
        return true;
      } catch (e) {
        if (e instanceof AppError) {
          const email = (profile as { email?: unknown }).email;
          await recordSecurityEvent({
            kind: "sign_in_refused",
            email: typeof email === "string" ? email : null,
            method: "GET",
            path: "/api/auth/callback/oidc",
            reason: `single sign-on: ${e.message}`,
            address: await requestAddress(),
          });
          return `/login?error=${e instanceof OidcRefused ? e.loginError : "AccessDenied"}`;
        }
        throw e;
      }
    },
    async jwt({ token, user, account }) {
      if (user && (account?.provider === "credentials" || account?.provider === "oidc")) token.sid = (user as { sid?: string }).sid;
      return token;
    },
    async session({ session, token }) {
      session.sid = token.sid;
      return session;
    },
  },
  events: {
    async signOut({ token }) {
      if (token?.sid) await endSession(token.sid);
    },
  },
};

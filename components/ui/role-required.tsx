import Link from "next/link";

/** What a signed-in person sees on a page their roles do not open: why, and where to go instead. */
export function RoleRequired({ roles, what, children }: { roles: string[]; what: string; children?: React.ReactNode }) {
  const named = roles.length === 1 ? `the ${roles[0]} role` : `the ${roles.slice(0, -1).join(", ")} or ${roles[roles.length - 1]} role`;
  return (
    <div className="rounded-lg border border-amber-300 bg-amber-50 p-6" data-testid="role-required">
      <h2 className="text-lg font-semibold">This page needs {named}.</h2>
      <p className="mt-2 text-sm">
        {what} Ask an admin to give you {named} if your work needs it.
      </p>
      <p className="mt-2 text-sm">
        {children ?? (
          <>
            Meanwhile you can go back to{" "}
            <Link href="/" className="text-brand underline">
              your work
            </Link>{" "}
            or manage your own API tokens on{" "}
            <Link href="/account" className="text-brand underline">
              your account
            </Link>
            .
          </>
        )}
      </p>
    </div>
  );
}

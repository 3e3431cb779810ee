import Link from "next/link";

export default function NotFound() {
  return (
    <main id="main" className="mx-auto max-w-xl p-8">
      <h1 className="text-xl font-semibold">Not found</h1>
      <p className="mt-2 text-sm text-muted">There is no page at this address.</p>
      <Link href="/" className="mt-4 inline-block text-brand underline">
        Go to Steward
      </Link>
    </main>
  );
}

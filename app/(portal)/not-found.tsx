import Link from "next/link";

export default function NotFound() {
  return (
    <div className="rounded-lg border border-line bg-panel p-6">
      <h1 className="text-xl font-semibold">Not found</h1>
      <p className="mt-2 text-sm text-muted">It may have been renamed, or you may not have access to it.</p>
      <Link href="/models" className="mt-4 inline-block text-brand underline">
        Back to the inventory
      </Link>
    </div>
  );
}

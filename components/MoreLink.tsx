/** The link under a list to its next page ("More", "Older"). */
export function MoreLink({ href, label }: { href: string; label: string }) {
  return (
    <p class="mt-4">
      <a
        href={href}
        rel="next"
        class="inline-block rounded-md border border-slate-300 bg-white px-3 py-2 text-sm font-medium text-indigo-700 hover:border-indigo-300"
      >
        {label} →
      </a>
    </p>
  );
}

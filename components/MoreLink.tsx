/** The link under a list to its next page ("More", "Older"). */
export function MoreLink({ href, label }: { href: string; label: string }) {
  return (
    <p class="mt-4">
      <a
        href={href}
        rel="next"
        class="inline-block rounded-control border border-field bg-white px-3 py-2 text-small font-medium text-brand-700 hover:border-brand-200"
      >
        {label} →
      </a>
    </p>
  );
}

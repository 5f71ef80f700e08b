/** A 1–5 rating as stars, read out as "n of 5 stars". */
export function Stars({ n }: { n: number }) {
  return (
    <span role="img" aria-label={`${n} of 5 stars`} data-stars={n}>
      <span aria-hidden="true" class="text-amber-600">
        {"★".repeat(n)}
        <span class="text-slate-300">{"★".repeat(5 - n)}</span>
      </span>
    </span>
  );
}

import { useI18n } from "@/lib/i18n/i18n.ts";

/** A 1–5 rating as stars, read out as "n of 5 stars". */
export function Stars({ n }: { n: number }) {
  const { t } = useI18n();
  return (
    <span role="img" aria-label={t("stars.label", { count: n })} data-stars={n}>
      <span aria-hidden="true" class="text-amber-600">
        {"★".repeat(n)}
        <span class="text-slate-300">{"★".repeat(5 - n)}</span>
      </span>
    </span>
  );
}

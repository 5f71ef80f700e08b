import { useI18n } from "@/lib/i18n/i18n.ts";
/**
 * The cancel form's warning to a student that cancelling now is late (inside
 * the teacher's cancellation window): allowed, but recorded as late.
 */
export function LateCancelWarning({ late, windowHours }: {
  late: boolean;
  windowHours: number;
}) {
  const { t } = useI18n();
  if (!late) return null;
  return (
    <p
      class="rounded-control border border-warning-200 bg-warning-50 px-3 py-2 text-small text-warning-900"
      data-late-cancel-warning
    >
      {t("lateCancel.warning", { count: windowHours })}
    </p>
  );
}

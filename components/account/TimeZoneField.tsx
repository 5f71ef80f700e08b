import TimeZoneSelect from "@/islands/TimeZoneSelect.tsx";
import { useI18n } from "@/lib/i18n/i18n.ts";

/**
 * The time zone island with its words from the catalogue, offering every
 * zone this server knows.
 */
export function TimeZoneField(props: {
  defaultValue: string;
  detect: boolean;
  label?: string;
  error?: string;
}) {
  const { t } = useI18n();
  const { label, ...rest } = props;
  return (
    <TimeZoneSelect
      {...rest}
      zones={Intl.supportedValuesOf("timeZone")}
      texts={{
        label: label ?? t("account.timeZone.label"),
        hint: t("account.timeZone.hint"),
        picked: t("account.timeZone.picked"),
        useDevice: t("account.timeZone.useDevice"),
      }}
    />
  );
}

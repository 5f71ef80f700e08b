import { Stars } from "@/components/Stars.tsx";
import type { Booking } from "@/lib/bookings/model.ts";
import type { User } from "@/lib/auth/users.ts";
import { type Rating, ratingEditableUntil } from "@/lib/ratings/store.ts";
import { RATING_COMMENT_MAX_LENGTH } from "@/lib/ratings/schemas.ts";
import { FormError, SubmitButton } from "@/components/Form.tsx";
import { useI18n } from "@/lib/i18n/i18n.ts";

interface RatingFormProps {
  booking: Pick<Booking, "id" | "status" | "student_id" | "teacher_id">;
  viewer: User;
  /** The lesson's rating, if it has one. */
  rating: Rating | null;
  now: Date;
  /** What was typed in a form post that failed, and what was wrong. */
  values?: Record<string, string>;
  fields?: Record<string, string>;
  message?: string | null;
}

/**
 * The private rating of a completed lesson on its page. The student rates
 * it (1 to 5 stars, an optional comment) and may change it for 7 days; the
 * teacher reads it. Nothing for other statuses. A plain form: no script.
 */
export function RatingForm(props: RatingFormProps) {
  const { t, dateTime } = useI18n();
  const { booking, viewer, rating, now } = props;
  if (booking.status !== "completed") return null;
  const isStudent = booking.student_id === viewer.id;
  const until = rating ? ratingEditableUntil(rating) : null;
  const canRate = isStudent && (!until || now <= until);
  const stars = props.values?.stars ?? String(rating?.stars ?? "");
  const comment = props.values?.comment ?? rating?.comment ?? "";
  const tz = viewer.time_zone;
  return (
    <section
      id="rating"
      aria-labelledby="rating-title"
      class="rounded-card border border-line bg-white p-4 sm:p-6"
      data-rating={rating ? rating.stars : "none"}
    >
      <h2 id="rating-title" class="text-heading font-semibold">
        {t(isStudent ? "booking.rating.rate" : "booking.rating.studentsRating")}
      </h2>
      <p class="mt-1 text-small text-muted">
        {t(
          isStudent
            ? "booking.rating.privateStudent"
            : "booking.rating.privateTeacher",
        )}
      </p>
      {rating && (
        <div class="mt-3">
          <p>
            <Stars n={rating.stars} />
          </p>
          {rating.comment && (
            <p class="mt-1 whitespace-pre-line break-words text-ink">
              {rating.comment}
            </p>
          )}
          {isStudent && (
            <p class="mt-1 text-small text-muted">
              {canRate
                ? t("booking.rating.changeUntil", {
                  when: dateTime(until!, tz),
                })
                : t("booking.rating.final")}
            </p>
          )}
        </div>
      )}
      {!rating && !isStudent && (
        <p class="mt-3 text-muted">{t("booking.rating.none")}</p>
      )}
      {canRate && (
        <form
          method="post"
          action={`/bookings/${booking.id}/rating`}
          class="mt-4 space-y-4"
        >
          <FormError message={props.message} />
          <fieldset>
            <legend class="text-small font-medium text-ink">
              {t("booking.rating.stars")}
            </legend>
            <div class="mt-1 flex flex-wrap gap-2">
              {[1, 2, 3, 4, 5].map((n) => (
                <label
                  key={n}
                  class="flex min-h-[44px] min-w-[44px] cursor-pointer items-center gap-1 rounded-control border border-field px-3"
                >
                  <input
                    type="radio"
                    name="stars"
                    value={String(n)}
                    checked={stars === String(n)}
                    required
                    class="accent-brand-700"
                  />
                  {n}
                </label>
              ))}
            </div>
            {props.fields?.stars && (
              <p class="mt-1 text-small text-danger-700">
                {props.fields.stars}
              </p>
            )}
          </fieldset>
          <div class="space-y-1">
            <label
              for="rating-comment"
              class="block text-small font-medium text-ink"
            >
              {t("booking.rating.comment")}
            </label>
            <textarea
              id="rating-comment"
              name="comment"
              rows={3}
              maxLength={RATING_COMMENT_MAX_LENGTH}
              aria-invalid={props.fields?.comment ? "true" : undefined}
              class="block w-full rounded-control border border-field px-3 py-2 text-body shadow-sm focus:border-brand-700"
            >
              {comment}
            </textarea>
            {props.fields?.comment && (
              <p class="text-small text-danger-700">{props.fields.comment}</p>
            )}
          </div>
          <SubmitButton>
            {t(rating ? "booking.rating.change" : "booking.rating.save")}
          </SubmitButton>
        </form>
      )}
    </section>
  );
}

import type { Booking } from "@/lib/bookings/model.ts";
import { JOIN_WINDOW_MINUTES } from "@/lib/bookings/model.ts";
import type { LessonRecordData } from "@/lib/bookings/lesson_record.ts";
import { LESSON_NOTES_MAX_LENGTH } from "@/lib/bookings/lesson_record_schema.ts";
import { SubmitButton } from "@/components/Form.tsx";
import { useI18n } from "@/lib/i18n/i18n.ts";
import { WhiteboardPages } from "@/components/booking/WhiteboardPages.tsx";

interface LessonRecordProps {
  booking: Booking;
  viewer: { id: string; time_zone: string };
  record: LessonRecordData;
  now: Date;
}

/**
 * The lesson record of a booking page, from the opening of the room on:
 * the call's chat as stored, the whiteboard's pages, and the teacher's notes and homework (a form
 * for the teacher, text for the student). Hidden before the room opens and
 * for a cancelled booking, unless something was written.
 */
export function LessonRecord(
  { booking: b, viewer, record, now }: LessonRecordProps,
) {
  const { t, dateTime, time } = useI18n();
  const { messages, notes, whiteboard } = record;
  const opened =
    now.getTime() >= b.start_at.getTime() - JOIN_WINDOW_MINUTES * 60_000;
  const written = messages.length || notes || whiteboard.length;
  if (!written && (!opened || b.status === "cancelled")) {
    return null;
  }
  const tz = viewer.time_zone;
  const isTeacher = viewer.id === b.teacher_id;
  const nameOf = (id: string) =>
    id === viewer.id
      ? t("booking.you")
      : id === b.teacher_id
      ? b.teacher.username
      : b.student.username;
  return (
    <section
      id="lesson-record"
      aria-labelledby="lesson-record-title"
      class="space-y-6 rounded-card border border-line bg-white p-4 sm:p-6"
    >
      <h2 id="lesson-record-title" class="text-heading font-semibold">
        {t("booking.record.title")}
      </h2>

      <div>
        <h3 class="font-medium">{t("booking.record.chat")}</h3>
        {messages.length === 0
          ? (
            <p class="mt-1 text-small text-muted">
              {t("booking.record.noChat")}
            </p>
          )
          : (
            <ol class="mt-2 space-y-2" data-role="transcript">
              {messages.map((m) => (
                <li data-author={m.author_id === viewer.id ? "me" : "other"}>
                  <p class="text-xs text-muted">
                    <span class="font-medium text-ink">
                      {nameOf(m.author_id)}
                    </span>{" "}
                    <time
                      datetime={m.created_at.toISOString()}
                      title={dateTime(m.created_at, tz)}
                    >
                      {time(m.created_at, tz)}
                    </time>
                  </p>
                  <p class="whitespace-pre-line break-words text-ink">
                    {m.text}
                  </p>
                </li>
              ))}
            </ol>
          )}
      </div>

      <WhiteboardPages ops={whiteboard} />

      {isTeacher
        ? (
          <form
            method="post"
            action={`/bookings/${b.id}/notes`}
            class="space-y-3"
          >
            <NotesField
              name="notes"
              label={t("booking.record.notes")}
              hint={t("booking.record.notesHint", {
                name: b.student.username,
              })}
              value={notes?.notes ?? ""}
            />
            <NotesField
              name="homework"
              label={t("booking.record.homework")}
              hint={t("booking.record.homeworkHint", {
                name: b.student.username,
              })}
              value={notes?.homework ?? ""}
            />
            <SubmitButton>{t("booking.record.save")}</SubmitButton>
            {notes && (
              <p class="text-small text-muted">
                {t("booking.record.lastSaved", {
                  when: dateTime(notes.updated_at, tz),
                })}
              </p>
            )}
          </form>
        )
        : (
          <div class="space-y-4">
            <Written
              title={t("booking.record.notes")}
              text={notes?.notes}
              role="notes"
            />
            <Written
              title={t("booking.record.homework")}
              text={notes?.homework}
              role="homework"
            />
          </div>
        )}
    </section>
  );
}

function NotesField(
  { name, label, hint, value }: {
    name: string;
    label: string;
    hint: string;
    value: string;
  },
) {
  const id = `lesson-${name}`;
  return (
    <div class="space-y-1">
      <label for={id} class="block font-medium text-ink">{label}</label>
      <textarea
        id={id}
        name={name}
        rows={4}
        maxLength={LESSON_NOTES_MAX_LENGTH}
        aria-describedby={`${id}-hint`}
        class="block w-full rounded-control border border-field px-3 py-2 text-body shadow-sm focus:border-brand-700"
      >
        {value}
      </textarea>
      <p id={`${id}-hint`} class="text-small text-muted">{hint}</p>
    </div>
  );
}

function Written(
  { title, text, role }: { title: string; text?: string; role: string },
) {
  const { t } = useI18n();
  return (
    <div>
      <h3 class="font-medium">{title}</h3>
      {text
        ? (
          <p class="mt-1 whitespace-pre-line break-words" data-role={role}>
            {text}
          </p>
        )
        : (
          <p class="mt-1 text-small text-muted">
            {t("booking.record.nothingWritten")}
          </p>
        )}
    </div>
  );
}

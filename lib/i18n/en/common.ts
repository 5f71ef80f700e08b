// English messages shared by every page: the frame, sign-in, units and counts.

export const common = {
  // The frame every page shares (components/PageShell.tsx).
  "app.name": "Talkroom",
  "nav.main": "Main",
  "nav.skip": "Skip to content",
  "nav.bookings": "Bookings",
  "nav.slots": "My slots",
  "nav.availability": "Availability",
  "nav.findTeacher": "Find a teacher",
  "nav.admin": "Admin",
  "nav.signOut": "Sign out",
  "nav.notifications": "Notifications",
  "nav.notificationsUnread": {
    one: "Notifications, {count} unread",
    other: "Notifications, {count} unread",
  },
  "nav.signIn": "Sign in",
  "nav.register": "Create an account",
  "page.title": "{title} · Talkroom",

  // Fields shared by several forms.
  "field.email": "Email",
  "field.password": "Password",

  // Sign in (routes/login.tsx).
  "login.title": "Sign in",
  "login.intro": "Welcome back. Sign in to see your lessons.",
  "login.submit": "Sign in",
  "login.forgot": "Forgot password?",
  "login.newHere": "New here?",
  "login.demo":
    "Demo: teacher@demo.test / student@demo.test, password demo-password",

  // A booking in a list (components/BookingCard.tsx).
  "booking.with": "with {name}",
  "booking.join": "Join",
  "booking.roomOpens": "Room opens {when}",
  "booking.ended": "The lesson has ended",
  "booking.noCall": "No call: the booking was cancelled",
  "booking.details": "Details",

  // The teacher's week of times (components/teacher/WeekGrid.tsx).
  "picker.noTimes": "No times",
  "picker.teacherTime": "{time} teacher's time",
  "picker.book": "Book {day}, {range}",

  // The landing page (routes/index.tsx).
  "landing.heading": "Lessons face to face, right from the booking",
  "landing.intro":
    "Teachers publish lesson slots, students book them, and at lesson time both open the booking and talk in a direct video call. No installs, no links to send around.",
  "landing.toBookings": "Go to your bookings",

  // The device's clock (islands/LocalTime.tsx).
  "localTime.shownIn": "Times are shown in {zone}: it is {time}",
  "localTime.use24": "Use 24-hour clock",
  "localTime.use12": "Use 12-hour clock",

  // The offer to follow the device's time zone (islands/ZoneOffer.tsx).
  "zoneOffer.text":
    "This device is set to {device}, your account to {account}: lesson times are shown in {account}.",
  "zoneOffer.switch": "Use {device}",

  // The other participant's clock on the booking page.
  "participantTime.heading": "{name}'s local time",
  "participantTime.now": "It is {time} for {name} ({zone}).",
  "participantTime.lesson": "The lesson is at {time} their time.",
  "participantTime.sameZone": "{name} is in your time zone ({zone}).",

  // The account page's language and format setting.
  "locale.section": "Language and format",
  "locale.label": "Dates and times",
  "locale.automatic": "As this browser prefers ({example})",
  "locale.option": "{name} ({example})",
  "locale.example": "{time}, weeks start on {weekday}",
  "locale.save": "Save format",
  "locale.hint": "Sets the 12- or 24-hour clock and the first day of the week.",
  "locale.invalid": "Choose a format from the list",

  // The call room's state (components/RoomArea.tsx).
  "room.opensToday": "at {time}",
  "room.opensOn": "at {time} on {day}",

  // Counts in messages.
  "slots.published": {
    one: "Published {count} slot",
    other: "Published {count} slots",
  },
  "picker.weekCount": {
    one: "{week}: {count} time",
    other: "{week}: {count} times",
  },
  "ratings.summary": {
    one: "Average {average} of 5 from {count} rating",
    other: "Average {average} of 5 from {count} ratings",
  },
  "lateCancel.warning": {
    one:
      "The lesson starts in less than {count} hour, the teacher's cancellation window: you can still cancel, but it will be recorded as a late cancellation.",
    other:
      "The lesson starts in less than {count} hours, the teacher's cancellation window: you can still cancel, but it will be recorded as a late cancellation.",
  },
  "notify.inHours": { one: "in {count} hour", other: "in {count} hours" },
  "notify.inMinutes": {
    one: "in {count} minute",
    other: "in {count} minutes",
  },

  // Units, with the right plural forms.
  "unit.minutes": { one: "{count} minute", other: "{count} minutes" },
  "unit.hours": { one: "{count} hour", other: "{count} hours" },
  "unit.days": { one: "{count} day", other: "{count} days" },
  "unit.lessons": { one: "{count} lesson", other: "{count} lessons" },
  "unit.slots": { one: "{count} slot", other: "{count} slots" },
  "unit.times": { one: "{count} time", other: "{count} times" },
  "unit.ratings": { one: "{count} rating", other: "{count} ratings" },
  "unit.minutesLate": {
    one: "{count} minute late",
    other: "{count} minutes late",
  },

  // A booking's status (components/StatusBadge.tsx).
  "status.pending": "Pending",
  "status.confirmed": "Confirmed",
  "status.cancelled": "Cancelled",
  "status.completed": "Completed",
  "status.no_show": "No-show",
  "status.technical_failure": "Technical failure",

  // A rating read out (components/Stars.tsx).
  "stars.label": { one: "{count} of 5 stars", other: "{count} of 5 stars" },
} as const;

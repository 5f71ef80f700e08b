// English messages for teachers: profiles, discovery, availability and slots.

export const teachers = {
  // Shared by the teacher's pages.
  "teacher.lengthMinutes": { one: "{count} min", other: "{count} min" },
  "teacher.timeRange": "{start}–{end}",

  // The teacher's profile (components/teacher/Profile.tsx).
  "teacher.profile.label": "Profile",
  "teacher.profile.term": "{term}:",
  "teacher.profile.teaches": "Teaches",
  "teacher.profile.speaks": "Speaks",
  "teacher.profile.lessons": "Lessons",
  "teacher.profile.timeZone": "Time zone",
  "teacher.profile.zoneNow": "{zone} (now {time})",

  // The lesson policies (components/teacher/Policies.tsx).
  "teacher.policies.heading": "Lesson policies",
  "teacher.policies.confirmation": "Confirmation",
  "teacher.policies.confirmedByTeacher":
    "The teacher confirms each booking. A request nobody answers is declined after {span} or at its start, whichever comes first.",
  "teacher.policies.confirmedAtOnce":
    "Automatic: bookings are confirmed at once.",
  "teacher.policies.cancellation": "Cancellation",
  "teacher.policies.cancelWindow":
    "Free until {span} before the lesson; a later cancellation is still possible but recorded as late.",
  "teacher.policies.cancelAnyTime": "Free until the lesson starts.",
  "teacher.policies.notice": "Minimum notice",
  "teacher.policies.noticeAhead": "Book at least {span} ahead.",
  "teacher.policies.noticeNone": "None: book any time before the lesson.",
  "teacher.policies.horizon": "Booking horizon",
  "teacher.policies.horizonDays": {
    one: "Up to {count} day ahead.",
    other: "Up to {count} days ahead.",
  },

  // A teacher's page with the week picker (routes/teachers/[id].tsx).
  "teacher.back": "All teachers",
  "teacher.freeTimes": "Free times",
  "teacher.timesIn": "Times are in {zone}.",
  "teacher.timesInYours": "Times are in {zone} (your time zone).",
  "teacher.teacherTimeBeside":
    "The teacher's local time ({zone}) is shown beside each.",
  "teacher.unknownZone": 'Unknown time zone "{zone}": showing {shown}',
  "teacher.showTimesIn": "Show times in:",
  "teacher.zoneLabel": "Time zone",
  "teacher.zonePlaceholder": "e.g. Asia/Tokyo",
  "teacher.zoneShow": "Show",
  "teacher.lengths": "Lesson length",
  "teacher.weeks": "Weeks",
  "teacher.previousWeek": "← Previous week",
  "teacher.nextWeek": "Next week →",
  "teacher.weekOf": "Week of {date}",
  "teacher.studentsOnly": "Only students can book lessons.",
  "teacher.notesLabel": "Note for the teacher (optional)",
  "teacher.notesPlaceholder": "What would you like to work on?",
  "teacher.notesHint":
    "Then choose a time below to book a {length}-minute lesson.",
  "teacher.noTimes": "No free {length}-minute times this week.",
  "teacher.nextFreeWeek": "Go to the next week with free times",
  "teacher.otherTeachers": "See other teachers",
  "teacher.comingWeeks": "Coming weeks",
  "teacher.slotGone": "Cannot book slot: it is no longer available",
  "teacher.chooseTime": "Choose a time to book",

  // Finding a teacher (routes/teachers/index.tsx, TeacherSearch.tsx).
  "teachers.title": "Find a teacher",
  "teachers.zoneNote":
    "Next free times are in your time zone, {zone}, and are refreshed every few minutes; the teacher's page shows every free time.",
  "teachers.pages": "Pages",
  "teachers.previous": "← Previous teachers",
  "teachers.more": "More teachers →",
  "teachers.search.q": "Name or subject",
  "teachers.search.language": "Speaks",
  "teachers.search.anyLanguage": "Any language",
  "teachers.search.sort": "Order",
  "teachers.search.soonest": "Soonest free",
  "teachers.search.name": "Name",
  "teachers.search.free": "Free this week",
  "teachers.search.submit": "Search",
  "teachers.none":
    "No teacher matches. Try other words, any language or any week.",
  "teachers.card.teaches": "Teaches: {subjects}",
  "teachers.card.speaks": "Speaks: {languages}",
  "teachers.card.nextFree": "Next free: {when}",
  "teachers.card.noneFree": "No free time in the coming weeks",

  // The teacher's weekly hours and rules (routes/availability.tsx).
  "availability.title": "Availability",
  "availability.heading": "Your availability",
  "availability.intro":
    "When students can book you, and your lesson policies. Students see your free times on {page}. One-off slots are still on {slots}.",
  "availability.introPage": "your booking page",
  "availability.introSlots": "My slots",
  "availability.saved": "Availability saved",
  "availability.notSaved": "Nothing was saved: correct the fields marked below",
  "availability.weekly": "Weekly hours",
  "availability.weeklyHint":
    "In your time zone. Several stretches a day are fine, e.g. 09:00-12:00, 14:00-18:00; leave a day empty when you do not teach.",
  "availability.timeZone": "Time zone",
  "availability.timeZoneHint":
    "An IANA time zone, e.g. Europe/Berlin or America/New_York",
  "availability.hoursHint": "e.g. 09:00-12:00, 14:00-18:00",
  "availability.overrides": "Date overrides",
  "availability.overridesHint":
    "A date's own hours replace its weekday's. Leave the hours empty for a day off; clear the date to remove a row.",
  "availability.date": "Date",
  "availability.hours": "Hours (empty = day off)",
  "availability.overrideHint": "e.g. 10:00-12:00",
  "availability.lessons": "Lessons",
  "availability.lessonsHint":
    "The lengths students can choose, where lessons may start, and the time you keep free around them.",
  "availability.lengths": "Lesson lengths (minutes)",
  "availability.lengthsHint": "e.g. 30, 45, 60",
  "availability.grid": "Lessons start every",
  "availability.bufferBefore": "Buffer before (minutes)",
  "availability.bufferBeforeHint":
    "Free time kept before each lesson, at most 1440",
  "availability.bufferAfter": "Buffer after (minutes)",
  "availability.bufferAfterHint":
    "Free time kept after each lesson, at most 1440",
  "availability.notice": "Minimum notice (minutes)",
  "availability.noticeHint":
    "How soon before a lesson it can be booked; 720 = 12 hours",
  "availability.horizon": "Booking horizon (days)",
  "availability.horizonHint": "How far ahead students can book, at most 366",
  "availability.policies": "Policies",
  "availability.policiesHint": "Shown to students on your booking page.",
  "availability.confirm": "I confirm each booking",
  "availability.confirmHint": "Unchecked: bookings are confirmed at once",
  "availability.expiry": "Requests expire after (hours)",
  "availability.expiryHint":
    "An unanswered request is declined then, or at its start",
  "availability.cancelWindow": "Cancellation window (hours)",
  "availability.cancelWindowHint":
    "A student's later cancellation is recorded as late",
  "availability.save": "Save availability",

  // The teacher's one-off slots (routes/slots/index.tsx).
  "slots.title": "My slots",
  "slots.zone": "Times are in your time zone, {zone}.",
  "slots.intro":
    "One-off slots add times outside your weekly hours. Your weekly hours, lesson rules and whether you confirm each booking are on {link}.",
  "slots.introLink": "your availability page",
  "slots.deleted": "Slot deleted",
  "slots.publishHeading": "Publish a slot",
  "slots.start": "Date and time",
  "slots.startHint": "In your time zone, {zone}",
  "slots.minutes": "Length in minutes",
  "slots.repeat": "Repeat weekly for how many weeks",
  "slots.repeatHint": "1 publishes this one slot only",
  "slots.publish": "Publish",
  "slots.upcoming": "Upcoming slots",
  "slots.none":
    "You have no upcoming slots. Publish one so students can book it.",
  "slots.later": "Later slots",
  "slots.booked": "Booked: see the booking",
  "slots.open": "Open",
  "slots.delete": "Delete",
  "slots.chooseAction": "Choose an action",
  "slots.chooseStart": "Choose a date and time",
  "slots.minutesNumber": "Enter a number of minutes",
  "slots.wholeMinutes": "Use whole minutes",
  "slots.minutesRange": "Between {min} and {max} minutes",
  "slots.weeksNumber": "Enter a number of weeks",
  "slots.wholeWeeks": "Use a whole number of weeks",
  "slots.weeksRange": "Between {min} and {max}",
} as const;

// English messages for errors a user is told about: validation and refused actions from lib/.

export const errors = {
  // The defaults of lib/errors.ts and the answers of the edge.
  "error.unauthorized": "Sign in to continue",
  "error.forbidden": "You do not have access to this",
  "error.notFound": "Not found",
  "error.crossOrigin": "Cross-origin request refused",
  "error.crossOriginSocket": "Cross-origin WebSocket refused",
  "error.signInToJoin": "Sign in to join the call",
  "error.notification.notFound": "Notification not found",
  "error.user.notFound": "User not found",
  "error.photo.notFound": "Photo not found",
  "error.rating.none": "The lesson has no rating",
  "error.unavailable": "The service is unavailable; try again in a moment",
  "error.internal": "Something went wrong on the server",
  "error.bodyTooLarge.kib": "The body is larger than {count} KiB",
  "error.bodyTooLarge.bytes": {
    one: "The body is larger than {count} byte",
    other: "The body is larger than {count} bytes",
  },

  // Input validation (lib/http/validate.ts): the whole message, then what
  // is wrong with the body as a whole.
  "error.invalid.request": "Invalid request: {problems}",
  "error.invalid.form": "Invalid form: {problems}",
  "error.invalid.query": "Invalid query: {problems}",
  "error.nul": "Must not contain NUL characters",
  "error.nul.inline": "{path}: must not contain NUL characters",
  "error.body.notJson":
    "The body must be JSON (content-type: application/json)",
  "error.body.notJson.inline":
    "the body must be JSON (content-type: application/json)",
  "error.body.invalidJson": "The body is not valid JSON",
  "error.body.invalidJson.inline": "the body is not valid JSON",

  // What is wrong with a field, shared by the schemas; `{count}` is the
  // limit.
  "error.field.id": "Must be an id",
  "error.field.email": "Must be an email address",
  "error.field.date": "Must be a date (YYYY-MM-DD)",
  "error.field.dateTime": "Must be an ISO 8601 date-time",
  "error.field.cursor": "Must be the next value of a previous page",
  "error.field.role": "Must be a role",
  "error.field.status": "Must be a status",
  "error.field.atMost": "At most {count}",
  "error.field.atMostChars": {
    one: "At most {count} character",
    other: "At most {count} characters",
  },
  "error.field.minLength": {
    one: "Use at least {count} character",
    other: "Use at least {count} characters",
  },
  "error.field.maxLength": {
    one: "Use at most {count} character",
    other: "Use at most {count} characters",
  },

  // Accounts: registration, sign-in, the account page, passwords.
  "error.account.visibleName": "Use visible characters only",
  "error.account.role": 'Must be "student" or "teacher"',
  "error.account.timeZone": "Choose a time zone from the list",
  "error.account.locale": "Choose a format from the list",
  "error.account.action": "Choose what to change",
  "error.login.email": "Enter your email",
  "error.login.password": "Enter your password",
  "error.password.common":
    "This password is too common: choose one that is harder to guess",
  "error.password.email": "Do not use your email address in your password",
  "error.password.name": "Do not use your name in your password",
  "error.password.set": "Cannot set password: {problem}",
  "error.login.failed": "Email or password is incorrect",
  "error.login.disabled":
    "Cannot sign in: this account is disabled; contact the site's administrator",
  "error.register.taken": "Cannot register: this email is already registered",
  "error.account.unknownTimeZone":
    'Cannot change time zone: "{zone}" is not a known time zone',
  "error.account.unknownLocale": "Cannot change format: unknown locale",
  "error.account.noUser": "Cannot update user: it does not exist",
  "error.account.signedOut": "Cannot change name: signed out",
  "error.currentPassword.password":
    "Cannot change password: the current password is not right",
  "error.currentPassword.email":
    "Cannot change email: the current password is not right",
  "error.currentPassword.field": "This is not your current password",
  "error.emailChange.same": "Cannot change email: it is the same address",
  "error.emailChange.sameField": "This is already your email",
  "error.emailChange.taken":
    "Cannot change email: this address is already registered",
  "error.emailChange.reload": "Cannot change email: reload the page",
  "error.emailChange.invalidLink":
    "Cannot change email: this link is invalid, used or expired",
  "error.reset.invalidLink":
    "Cannot reset password: this link is invalid, used or expired",

  // Throttling: `{wait}` is error.duration.minutes or error.duration.hours.
  "error.throttle.login":
    "Too many failed sign-in attempts: try again in {wait}",
  "error.throttle.register":
    "Too many accounts created from your network: try again in {wait}",
  "error.throttle.reset":
    "Too many password reset requests: try again in {wait}",
  "error.throttle.emailChange":
    "Too many email change requests: try again in {wait}",
  "error.busy": "The server is busy: try again in a moment",
  "error.duration.minutes": { one: "{count} minute", other: "{count} minutes" },
  "error.duration.hours": { one: "{count} hour", other: "{count} hours" },

  // Roles: "Only teachers can do this", "Only teachers or admins can do this".
  "error.role.only": "Only {roles} can do this",
  "error.role.either": "{first} or {second}",
  "error.role.students": "students",
  "error.role.teachers": "teachers",
  "error.role.admins": "admins",

  // Bookings. A refusal is "Cannot <do it>: {why}", `why` one of the
  // error.why.* reasons.
  "error.booking.notFound": "Booking not found",
  "error.booking.notYours": "This booking is not yours",
  "error.booking.status": "Choose a status",
  "error.booking.listAction": "Choose confirm or decline",
  "error.booking.pageAction": "Choose confirm, decline or cancel",
  "error.booking.chooseAction": "Choose an action",
  "error.reschedule.action": "Choose propose, accept or decline",
  "error.reschedule.chooseTime": "Choose the new time",
  "error.booking.slotOrTime":
    "Give a slot_id or a teacher_id and start_at, not both",
  "error.booking.slotOrTimeMissing":
    "Give a slot_id, or teacher_id, start_at and length_minutes",
  "error.booking.timeField": "Required to book by time",
  "error.booking.cancelReason": "Say why you cancel",
  "error.book.time": "Cannot book time: {why}",
  "error.book.slot": "Cannot book slot: {why}",
  "error.book.lengthField": "Choose one of the teacher's lesson lengths",
  "error.book.studentsOnly": "Only students can book lessons",
  "error.cancel.because": "Cannot cancel booking: {why}",
  "error.confirm.because": "Cannot confirm booking: {why}",
  "error.decline.because": "Cannot decline booking: {why}",
  "error.confirm.teacherOnly": "Only the booking's teacher can confirm it",
  "error.decline.teacherOnly": "Only the booking's teacher can decline it",
  "error.reschedule.because": "Cannot reschedule booking: {why}",
  "error.reschedule.futureField": "Choose a time in the future",
  "error.reschedule.otherField": "Choose another time",
  "error.acceptTime.because": "Cannot accept the new time: {why}",
  "error.declineTime.because": "Cannot decline the new time: {why}",
  "error.acceptTime.teacherOnly": "Only the teacher can accept this proposal",
  "error.acceptTime.studentOnly": "Only the student can accept this proposal",
  "error.declineTime.teacherOnly": "Only the teacher can decline this proposal",
  "error.declineTime.studentOnly": "Only the student can decline this proposal",
  "error.why.past": "it is in the past",
  "error.why.length": "the teacher does not offer {minutes}-minute lessons",
  "error.why.notice": "the teacher needs at least {span} of notice",
  "error.why.horizon": {
    one: "the teacher takes bookings at most {count} day ahead",
    other: "the teacher takes bookings at most {count} days ahead",
  },
  "error.why.unavailable": "the teacher is not available then",
  "error.why.teacherBusy": "the teacher already has a booking at that time",
  "error.why.studentBusy": "the student already has a booking at that time",
  "error.why.youBusy": "you already have a booking at that time",
  "error.why.removed": "it has been removed",
  "error.why.taken": "it is already taken",
  "error.why.started": "it has already started",
  "error.why.pending": "it is waiting for the teacher",
  "error.why.confirmed": "it is already confirmed",
  "error.why.cancelled": "it is cancelled",
  "error.why.completed": "it has already taken place",
  "error.why.over": "it is over",
  "error.why.noReason": "a reason is required",
  "error.why.moved":
    "it has moved to another time since you looked; look again",
  "error.why.newInPast": "the new time is in the past",
  "error.why.sameTime": "the new time is the booking's own time",
  "error.why.proposalOpen": "a proposal to move it is already open",
  "error.why.proposalExpired": "the proposal has expired",
  "error.why.noProposal": "there is no open proposal",
  "error.why.timeRemoved": "the teacher has removed that time",
  "error.why.timeTaken": "that time is already taken",
  "error.notes.teacherOnly": "Only the teacher can edit the lesson notes",
  "error.dispute.reason": "Say why you dispute the outcome",
  "error.dispute.noOutcome":
    "Cannot dispute booking: it has no outcome to dispute",
  "error.dispute.tooLate": {
    one:
      "Cannot dispute booking: its outcome can only be disputed within {count} hour of the end",
    other:
      "Cannot dispute booking: its outcome can only be disputed within {count} hours of the end",
  },
  "error.dispute.open": "Cannot dispute booking: a dispute is already open",

  // Slots and availability.
  "error.field.wholeNumber": "Must be a whole number",
  "error.field.boolean": "Must be true or false",
  "error.field.between": "Between {min} and {max}",
  "error.availability.time": "Use HH:MM, 00:00 to 24:00",
  "error.availability.endAfterStart": "Must end after it starts",
  "error.availability.date": "Use a date as YYYY-MM-DD",
  "error.availability.timeZone": "Unknown time zone",
  "error.availability.overlap": "Overlaps {from}–{to} on {day}",
  "error.weekday.1": "Monday",
  "error.weekday.2": "Tuesday",
  "error.weekday.3": "Wednesday",
  "error.weekday.4": "Thursday",
  "error.weekday.5": "Friday",
  "error.weekday.6": "Saturday",
  "error.weekday.7": "Sunday",
  "error.availability.weekday": "Use 1 (Monday) to 7 (Sunday)",
  "error.availability.maxIntervals": {
    one: "At most {count} interval",
    other: "At most {count} intervals",
  },
  "error.availability.maxIntervalsADay": {
    one: "At most {count} interval a day",
    other: "At most {count} intervals a day",
  },
  "error.availability.maxDates": {
    one: "At most {count} date",
    other: "At most {count} dates",
  },
  "error.availability.lengthBetween": "Between {min} and {max} minutes",
  "error.availability.noLength": "Offer at least one lesson length",
  "error.availability.maxLengths": {
    one: "At most {count} length",
    other: "At most {count} lengths",
  },
  "error.availability.lengthTwice": "Each length once",
  "error.availability.grid": "Use 15 or 30",
  "error.availability.maxBuffer": "At most a day ({count})",
  "error.availability.maxNotice": "At most 30 days ({count})",
  "error.availability.dateTwice": "This date is listed twice",
  "error.availability.toAfterFrom": "Must be after from",
  "error.availability.window": {
    one: "At most {count} day after from",
    other: "At most {count} days after from",
  },
  "error.availability.hours": "Write hours as 09:00-12:00, 14:00-18:00",
  "error.availability.chooseDate": "Choose a date",
  "error.teacher.notFound": "Teacher not found",
  "error.availability.teachersOnly": "Only teachers have availability",
  "error.slot.notFound": "Slot not found",
  "error.slot.notYours": "This slot is not yours",
  "error.slot.booked": "Cannot delete slot: it is booked",
  "error.slot.publishTeachersOnly": "Only teachers can publish slots",
  "error.slot.deleteTeachersOnly": "Only teachers can delete slots",
  "error.slot.create": "Cannot create slot: {why}",
  "error.slot.endField": "Must be after the start",
  "error.slot.lengthField": "Lessons last {min} to {max} minutes",
  "error.slot.startField": "Must be in the future",
  "error.slot.repeatField": "Between 1 and {max}",
  "error.why.endBeforeStart": "it must end after it starts",
  "error.why.slotLength": "it must last between {min} and {max} minutes",
  "error.why.startsInPast": "it starts in the past",
  "error.why.repeat": "repeat between 1 and {max} weeks",
  "error.why.overlap": "it overlaps another of your slots",

  // Ratings.
  "error.rating.stars": "Choose 1 to 5 stars",
  "error.rating.studentOnly": "Only the lesson's student can rate it",
  "error.rating.notCompleted":
    "Cannot rate the lesson: only a completed lesson can be rated",
  "error.rating.tooLate": {
    one: "Cannot change the rating: it can only be changed for {count} day",
    other: "Cannot change the rating: it can only be changed for {count} days",
  },
  "error.rating.readersOnly": "Only teachers and admins can read ratings",

  // Teacher profiles and photos.
  "error.field.tooLong": "Too long",
  "error.profile.subjectTooLong": {
    one: "Each subject must be at most {count} character",
    other: "Each subject must be at most {count} characters",
  },
  "error.profile.languageTooLong": {
    one: "Each language must be at most {count} character",
    other: "Each language must be at most {count} characters",
  },
  "error.profile.tooManySubjects": {
    one: "List at most {count} subject",
    other: "List at most {count} subjects",
  },
  "error.profile.tooManyLanguages": {
    one: "List at most {count} language",
    other: "List at most {count} languages",
  },
  "error.photo.invalid": "Invalid photo: {problem}",
  "error.photo.empty": "Choose an image file",
  "error.photo.tooLarge": "The photo must be at most 2 MB",
  "error.photo.type": "The photo must be a JPEG, PNG or WebP image",
  "error.photo.unreadable": "The image could not be read",
  "error.photo.tooManyPixels": "The image must be at most {max} pixels a side",

  // Admin.
  "error.admin.userAction": 'Must be "role", "disable" or "enable"',
  "error.admin.toBeforeFrom": "Must not be before the first day",
  "error.admin.outcome": "Choose an outcome",
  "error.admin.noteRequired": "Say why you set this outcome",
  "error.admin.absent": "Choose who was absent",
  "error.admin.entryId": "Must be an entry id",
  "error.admin.self.role":
    "Cannot change the role of your own account: another admin must do it",
  "error.admin.self.disable":
    "Cannot disable your own account: another admin must do it",
  "error.admin.self.enable":
    "Cannot enable your own account: another admin must do it",
  "error.admin.missing.role":
    "Cannot change the role of user: it does not exist",
  "error.admin.missing.disable": "Cannot disable user: it does not exist",
  "error.admin.missing.enable": "Cannot enable user: it does not exist",
  "error.admin.alreadyDisabled": "Cannot disable user: it is already disabled",
  "error.admin.notDisabled": "Cannot enable user: it is not disabled",
  "error.admin.resolve.absent": "Cannot resolve dispute: say who was absent",
  "error.admin.resolve.missing": "Cannot resolve dispute: it does not exist",
  "error.admin.resolve.done": "Cannot resolve dispute: it is already resolved",
} as const;

// English messages for a booking's pages and parts (routes/bookings/, components/booking/, components/calendar/).

export const booking = {
  // Shared by a booking's parts.
  "booking.you": "You",
  "booking.youNamed": "{name} (you)",
  "booking.quoted": "“{text}”",

  // The list of bookings (routes/bookings/index.tsx, components/booking/ListSection.tsx).
  "booking.list.title": "Your bookings",
  "booking.list.zone": "Times are shown in your time zone, {zone}.",
  "booking.list.requestsWaiting": {
    one: "{count} request waits for you",
    other: "{count} requests wait for you",
  },
  "booking.list.ratingsOwn": "Your private lesson ratings",
  "booking.list.ratingsAll": "All lesson ratings",
  "booking.list.done.confirm":
    "You confirmed the request; the student has been told",
  "booking.list.done.decline":
    "You declined the request; the time is free again",
  "booking.list.more": "More",
  "booking.list.noneWithStatus": "No bookings with this status.",
  "booking.list.requestsTeacher": "Requests waiting for you",
  "booking.list.requestsStudent": "Waiting for the teacher",
  "booking.list.requestsHintTeacher":
    "Confirm or decline before the lesson starts.",
  "booking.list.requestsHintStudent": "Your requests, not confirmed yet.",
  "booking.list.moreRequests": "More requests",
  "booking.list.today": "Today",
  "booking.list.upcoming": "Upcoming",
  "booking.list.moreUpcoming": "More upcoming",
  "booking.list.cancelled": "Cancelled and declined",
  "booking.list.moreCancelled": "More cancelled",
  "booking.list.past": "Past",
  "booking.list.older": "Older",
  "booking.list.noPast": "No past lessons yet.",
  "booking.list.nothingAfterToday": "Nothing booked after today.",
  "booking.list.noUpcoming": "You have no upcoming lessons.",
  "booking.list.publishSlots": "{link} so students can book them.",
  "booking.list.publishSlotsLink": "Publish lesson slots",
  "booking.list.findTeacher": "{link} and book a lesson.",
  "booking.list.findTeacherLink": "Find a teacher",
  "booking.list.count": "({count})",

  // The status filter (components/booking/StatusFilter.tsx).
  "booking.filter.label": "Filter by status",
  "booking.filter.all": "All",
  "booking.filter.requests": "Requests",
  "booking.filter.pending": "Pending",
  "booking.filter.confirmed": "Confirmed",
  "booking.filter.cancelled": "Cancelled",
  "booking.filter.completed": "Completed",
  "booking.filter.noShow": "No-show",
  "booking.filter.technicalFailure": "Technical failure",

  // A pending booking in the list (components/booking/RequestCard.tsx).
  "booking.request.asks": "{name} asks for a lesson",
  "booking.request.confirm": "Confirm",
  "booking.request.confirmLabel": "Confirm the lesson with {name}",
  "booking.request.decline": "Decline…",
  "booking.request.reason": "Reason (optional, shown to {name})",
  "booking.request.declineSubmit": "Decline request",
  "booking.request.waiting": "Waiting for {name} to confirm",

  // A booking's page (routes/bookings/[id].tsx).
  "booking.page.title": "Lesson with {name}",
  "booking.page.back": "Your bookings",
  "booking.page.done.confirm": "You confirmed this booking",
  "booking.page.done.decline":
    "You declined this booking; the slot is open for booking again",
  "booking.page.done.cancel":
    "You cancelled this booking; the slot is open for booking again",
  "booking.page.done.notes": "Lesson notes saved",
  "booking.page.done.rescheduleProposed":
    "You proposed a new time; the lesson stays where it is until it is accepted",
  "booking.page.done.rescheduleAccepted":
    "You accepted the new time: the lesson has moved",
  "booking.page.done.rescheduleDeclined":
    "You declined the new time; the lesson stays where it is",
  "booking.page.details": "Details",
  "booking.page.teacher": "Teacher",
  "booking.page.student": "Student",
  "booking.page.when": "When",
  "booking.page.status": "Status",
  "booking.page.notes": "Notes",
  "booking.page.noNotes": "No notes",
  "booking.page.cancelled": "Cancelled",
  "booking.page.cancelledBy": "by {name}",
  "booking.page.cancelledByLate": "by {name} (late cancellation)",
  "booking.page.absent": "Absent",
  "booking.page.nobody": "Nobody",
  "booking.page.someoneElse": "Someone else",
  "booking.page.booked": "Booked",

  // The teacher's answer and cancelling (components/booking/BookingActions.tsx).
  "booking.actions.title": "Actions",
  "booking.actions.request": "Booking request",
  "booking.actions.requestText":
    "{name} asked for this lesson. Confirm it to let them know it takes place.",
  "booking.actions.confirm": "Confirm",
  "booking.actions.declineOpen": "Decline the request…",
  "booking.actions.declineReason": "Reason (optional)",
  "booking.actions.declineHint": "Shown to the student",
  "booking.actions.decline": "Decline",
  "booking.actions.cancelOpen": "Cancel this lesson…",
  "booking.actions.cancelReason": "Reason",
  "booking.actions.cancelHint": "Shown to {name}",
  "booking.actions.cancel": "Cancel booking",

  // Attendance and disputes (components/booking/AttendanceEvidence.tsx, DisputeForm.tsx).
  "booking.attendance.title": "Attendance",
  "booking.attendance.technicalFailure":
    "You both came, but the call never connected for both of you. No one is blamed for this lesson.",
  "booking.attendance.reschedule": "Reschedule this lesson",
  "booking.attendance.who": "Who",
  "booking.attendance.joined": "Joined",
  "booking.attendance.connected": "Call connected",
  "booking.attendance.left": "Left",
  "booking.attendance.connectedFor": "Connected for",
  "booking.attendance.neverJoined": "Never joined",
  "booking.attendance.neverConnected": "Never connected",
  "booking.attendance.stillInRoom": "Still in the room",
  "booking.attendance.booked": "Booked: {booked}",
  "booking.attendance.bookedActual":
    "Booked: {booked} · Actual call, both connected: {actual}",
  "booking.dispute.open":
    "A dispute of this outcome is open since {since}; an admin reviews it.",
  "booking.dispute.resolved":
    "The dispute was resolved: the lesson counts as {outcome}.",
  "booking.dispute.outcome.completed": "completed",
  "booking.dispute.outcome.noShow": "a no-show",
  "booking.dispute.outcome.technicalFailure": "a technical failure",
  "booking.dispute.outcome.cancelled": "cancelled",
  "booking.dispute.reasonGiven": "Reason given: “{reason}”",
  "booking.dispute.title": "Dispute the outcome",
  "booking.dispute.what": "What happened?",
  "booking.dispute.hint": {
    one:
      "An admin reviews it with the evidence above. Possible within {count} hour of the end, until {deadline}.",
    other:
      "An admin reviews it with the evidence above. Possible within {count} hours of the end, until {deadline}.",
  },
  "booking.dispute.submit": "Dispute the outcome",
  "booking.dispute.back": "Back to the lesson",

  // A booking's history (components/booking/History.tsx).
  "booking.history.title": "History",
  "booking.history.empty": "Nothing has happened yet.",
  "booking.history.admin": "An administrator",
  "booking.history.entry": "{time} {who}: {what}",
  "booking.history.details": " — {details}",
  "booking.history.to": "to {when}",
  "booking.history.late": "late cancellation",
  "booking.event.imported": "Booking recorded",
  "booking.event.requested": "Requested the lesson",
  "booking.event.confirmed": "Confirmed the lesson",
  "booking.event.declined": "Declined the request",
  "booking.event.cancelled": "Cancelled the lesson",
  "booking.event.expired": "The request expired unanswered",
  "booking.event.completed": "The lesson took place",
  "booking.event.noShow": "Marked as a no-show",
  "booking.event.technicalFailure": "The call never connected",
  "booking.event.rescheduleProposed": "Proposed a new time",
  "booking.event.rescheduleAccepted": "Accepted the new time",
  "booking.event.rescheduleDeclined": "Declined the new time",
  "booking.event.rescheduleExpired": "The proposal to move the lesson expired",
  "booking.event.disputed": "Disputed the outcome",
  "booking.event.disputeResolved": "The dispute was resolved",
  "booking.event.outcomeSet": "The outcome was set",

  // The lesson record (components/booking/LessonRecord.tsx, WhiteboardPages.tsx).
  "booking.record.title": "Lesson record",
  "booking.record.chat": "Chat",
  "booking.record.noChat": "No chat messages yet",
  "booking.record.notes": "Lesson notes",
  "booking.record.notesHint": "What you covered; {name} can read them",
  "booking.record.homework": "Homework",
  "booking.record.homeworkHint": "Shown to {name}",
  "booking.record.save": "Save notes",
  "booking.record.lastSaved": "Last saved {when}",
  "booking.record.nothingWritten": "Nothing written yet",
  "booking.record.whiteboard": "Whiteboard",
  "booking.record.nothingDrawn": "Nothing drawn yet",
  "booking.record.page": "Page {number}",
  "booking.record.pageLabel": "Whiteboard page {number}",

  // The lesson's rating (components/booking/RatingForm.tsx, routes/bookings/[id]/rating.tsx).
  "booking.rating.rate": "Rate this lesson",
  "booking.rating.studentsRating": "The student's rating",
  "booking.rating.privateStudent":
    "Private: only the teacher and admins see it.",
  "booking.rating.privateTeacher": "Private: only you and admins see it.",
  "booking.rating.changeUntil": "You can change it until {when}.",
  "booking.rating.final": "It can no longer be changed.",
  "booking.rating.none": "Not rated yet.",
  "booking.rating.stars": "Stars",
  "booking.rating.comment": "Comment (optional)",
  "booking.rating.change": "Change rating",
  "booking.rating.save": "Save rating",
  "booking.rating.pageTitle": "Rate the lesson with {name}",
  "booking.rating.back": "The lesson",
  "booking.rating.onlyCompleted": "Only a completed lesson can be rated.",

  // Moving a lesson (components/booking/RescheduleActions.tsx, RescheduleForm.tsx, routes/bookings/[id]/reschedule.tsx).
  "booking.reschedule.title": "Move the lesson",
  "booking.reschedule.youAsked":
    "You asked {name} to move the lesson to {when}. The proposal is open until {until}; until it is accepted the lesson stays where it is.",
  "booking.reschedule.theyAsk":
    "{name} asks to move the lesson to {when}. The proposal is open until {until}; until it is accepted the lesson stays where it is.",
  "booking.reschedule.accept": "Accept new time",
  "booking.reschedule.decline": "Decline new time",
  "booking.reschedule.afterFailure":
    "The call did not connect. Choose a new time with {name}; the booking, its page and its room stay the same. {link}",
  "booking.reschedule.offer":
    "Need another time? Propose one to {name}; the booking, its page and its room stay the same. {link}",
  "booking.reschedule.propose": "Propose a new time",
  "booking.reschedule.newStart": "New start ({zone})",
  "booking.reschedule.newStartHint":
    "Any time free of your and the student's other lessons",
  "booking.reschedule.submit": "Propose this time",
  "booking.reschedule.weeks": "Weeks",
  "booking.reschedule.earlier": "Earlier times",
  "booking.reschedule.later": "Later times",
  "booking.reschedule.freeTimes": "The teacher's free times ({zone})",
  "booking.reschedule.noFreeTimes":
    "No free times this week; look at later times.",
  "booking.reschedule.pageTitle": "Move the lesson with {name}",
  "booking.reschedule.back": "Back to the booking",
  "booking.reschedule.now": "Now: {when}",
  "booking.reschedule.notMovable": "This lesson can no longer be moved.",

  // Calendar links (components/calendar/AddToCalendar.tsx).
  "booking.calendar.title": "Add to calendar",
  "booking.calendar.ics": "Download .ics (Apple, Outlook, others)",
  "booking.calendar.google": "Google Calendar",
} as const;

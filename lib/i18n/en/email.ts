// English messages for e-mails, in-app notices and calendar invites
// (lib/notifications/render.ts, lib/calendar/). `{name}` is the other
// participant, `{day}` a start's day and time, `{when}` a lesson's start and
// end with its time zone: each in the recipient's locale and zone.

export const email = {
  // Around every e-mail.
  "email.greeting": "Hi {name},",
  "email.linkLine": "{label}: {href}",
  "email.signature": "Talkroom",
  "email.preferences": "Choose which e-mails you get",
  "email.preferencesLine": "Choose which e-mails you get: {href}",

  // The button of a booking's e-mail.
  "email.link.openBooking": "Open the booking",
  "email.link.seeBooking": "See the booking",
  "email.link.answerRequest": "Answer the request",
  "email.link.answerProposal": "Answer the proposal",
  "email.link.joinLesson": "Join the lesson",

  // Sentences more than one booking e-mail says.
  "email.roomOpens": {
    one:
      "The call room opens on the booking page {count} minute before the start.",
    other:
      "The call room opens on the booking page {count} minutes before the start.",
  },
  "email.reason": "Reason: {reason}",
  "email.note": "Note: {note}",
  "email.anotherTime": "another time",
  "email.soon": "soon",

  // One e-mail per kind of notification.
  "email.booked.subject": "New lesson with {name} on {day}",
  "email.booked.body":
    "{name} booked a lesson with you on {when}. It is confirmed.",
  "email.requested.subject": "Lesson request from {name} for {day}",
  "email.requested.body": "{name} asked for a lesson with you on {when}.",
  "email.requested.answer": "Confirm or decline it before it starts.",
  "email.confirmed.subject": "Lesson confirmed: {name} on {day}",
  "email.confirmed.body": "Your lesson with {name} on {when} is confirmed.",
  "email.declined.subject": "Lesson request declined by {name}",
  "email.declined.body": "{name} declined your request for a lesson on {when}.",
  "email.cancelled.subject": "Lesson cancelled: {name} on {day}",
  "email.cancelled.byOther": "{actor} cancelled your lesson on {when}.",
  "email.cancelled.body": "Your lesson with {name} on {when} is cancelled.",
  "email.expired.subject": "Lesson request expired: {name} on {day}",
  "email.expired.toTeacher":
    "The request from {name} for a lesson on {when} expired before you answered it.",
  "email.expired.toStudent":
    "Your request for a lesson with {name} on {when} expired before it was answered.",
  "email.rescheduled.subject": "Lesson moved: {name}, now on {day}",
  "email.rescheduled.body": "Your lesson with {name} is now on {when}.",
  "email.rescheduled.before": "It was on {day}.",
  "email.proposed.subject": "{name} asks to move your lesson of {day}",
  "email.proposed.body":
    "{name} asks to move your lesson of {when} to {proposed}.",
  "email.proposed.answer":
    "Accept or decline it on the booking page; until then the lesson stays where it is.",
  "email.proposalDeclined.subject":
    "{name} declined moving your lesson of {day}",
  "email.proposalDeclined.body":
    "{name} declined your proposal to move the lesson of {when} to {proposed}. The lesson stays where it is.",
  "email.disputeResolved.subject":
    "Dispute resolved: your lesson with {name} of {day}",
  "email.disputeResolved.body":
    "An administrator reviewed the outcome of your lesson with {name} of {when}: it is now {outcome}.",
  "email.outcome.completed": "completed",
  "email.outcome.noShow": "a no-show",
  "email.outcome.technicalFailure": "a technical failure, with no one blamed",
  "email.outcome.cancelled": "cancelled",
  "email.reminder.subject": "Reminder: lesson with {name} {lead}",
  "email.reminder.body": "Your lesson with {name} starts {lead}: {when}.",
  "email.unanswered.subject": "Answer {name}'s lesson request for {day}",
  "email.unanswered.body":
    "{name}'s request for a lesson on {when} still waits for your answer. It starts {lead}.",
  "email.peerWaiting.subject": "{name} is waiting for you in the lesson room",
  "email.peerWaiting.body":
    "{name} has been waiting in the call room of your lesson of {when}.",
  "email.changed.subject": "News about your lesson with {name}",
  "email.changed.body": "Your lesson with {name} on {when} has changed.",

  // Account mail: its link works once.
  "email.linkOnce": "The link works once.",
  "email.linkOnceUntil": "The link works once, until {time} ({zone}).",
  "email.reset.subject": "Reset your Talkroom password",
  "email.reset.body":
    "Someone, hopefully you, asked to reset the password of your Talkroom account.",
  "email.reset.ignore":
    "If it was not you, ignore this e-mail: your password stays as it is.",
  "email.reset.link": "Choose a new password",
  "email.confirmAddress.subject": "Confirm your new Talkroom e-mail address",
  "email.confirmAddress.body":
    "Confirm that {address} is the new e-mail address of your Talkroom account.",
  "email.confirmAddress.thisAddress": "this address",
  "email.confirmAddress.ignore":
    "If you did not ask for this, ignore this e-mail.",
  "email.confirmAddress.link": "Confirm the address",
  "email.addressChanging.subject": "Your Talkroom e-mail address is changing",
  "email.addressChanging.body":
    "Someone asked to change the e-mail address of your Talkroom account to {address}. It changes once the new address is confirmed.",
  "email.addressChanging.anotherAddress": "another address",
  "email.addressChanging.advice":
    "If it was not you, change your password now.",
  "email.addressChanging.link": "Open your account",

  // A lesson as a calendar event (invites, the feed, Google Calendar).
  "invite.summary": "Talkroom lesson: {teacher} with {student}",
  "invite.who": "Lesson of {student} with {teacher} (teacher).",
  "invite.link": "Join the call and manage the booking: {url}",
  "invite.reason": "Reason: {reason}",
  "invite.feedName": "Talkroom lessons",
} as const;

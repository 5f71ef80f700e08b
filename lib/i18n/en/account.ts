// English messages for accounts: sign-in flows, the account pages, error pages and the app frame's own texts.

export const account = {
  // The account page (routes/account.tsx, components/account/AccountForms.tsx).
  "account.title": "Your account",
  "account.saved": "Saved",
  "account.savedPassword":
    "Password changed: your other sessions were signed out",
  "account.notSaved": "Your change was not saved: check the form",
  "account.profileSection": "Profile",
  "account.name": "Name",
  "account.role": "Role",
  "account.role.student": "Student",
  "account.role.teacher": "Teacher",
  "account.role.admin": "Administrator",
  "account.saveName": "Save name",
  "account.currentPassword": "Current password",
  "account.signedUpAs": "Signed up as {email}",
  "account.emailSent":
    "We sent a confirmation link to the new address. Your email changes when you open it.",
  "account.newEmail": "New email",
  "account.sendEmailLink": "Send confirmation link",
  "account.newPassword": "New password",
  "account.newPasswordHint": {
    one: "At least {count} character. Your other sessions are signed out.",
    other: "At least {count} characters. Your other sessions are signed out.",
  },
  "account.changePassword": "Change password",
  "account.timeZoneSection": "Time zone",
  "account.timeZoneLabel": "Show lesson times in",
  "account.saveTimeZone": "Save time zone",
  "account.bookingsSection": "New bookings",
  "account.bookingsText":
    "Whether you confirm each booking yourself, your weekly hours, lesson lengths and policies are on {link}.",
  "account.bookingsLink": "your availability page",

  // The time zone field (islands/TimeZoneSelect.tsx, through
  // components/account/TimeZoneField.tsx).
  "account.timeZone.label": "Time zone",
  "account.timeZone.hint": "Lesson times are shown in this time zone.",
  "account.timeZone.picked": "Picked from this device's settings.",
  "account.timeZone.useDevice": "Use this device's time zone ({zone})",

  // E-mail preferences (routes/account/notifications.tsx).
  "account.notifications.title": "E-mail preferences",
  "account.notifications.intro":
    "Every notification is always on your {link}. Choose which ones are also e-mailed to you. Password reset and e-mail change messages are always sent.",
  "account.notifications.link": "notifications page",
  "account.notifications.changes": "Requests and changes",
  "account.notifications.changesHint":
    "New requests, confirmations, declines, cancellations and moved lessons, with a calendar invite.",
  "account.notifications.reminders": "Reminders",
  "account.notifications.remindersHint":
    "24 hours and 15 minutes before a lesson, and when the other person is waiting in the room.",
  "account.notifications.save": "Save",
  "account.notifications.back": "Back to your account",

  // The calendar feed (routes/account/calendar.tsx).
  "account.calendar.title": "Calendar feed",
  "account.calendar.off":
    "Your calendar feed is off: its address no longer works",
  "account.calendar.chooseAction": "Choose create or revoke",
  "account.calendar.newAddress":
    "Your new feed address (copy it now: it is shown only this once)",
  "account.calendar.addressLabel": "Calendar feed address",
  "account.calendar.open": "Open in your calendar app",
  "account.calendar.section": "Your lessons in your calendar",
  "account.calendar.about":
    'A private address that Google Calendar ("Other calendars", "From URL"), Apple Calendar ("New Calendar Subscription") or Outlook ("Add calendar", "Subscribe from web") can subscribe to. It lists your upcoming lessons and those of the last {days}; calendar apps refresh it every few hours. Anyone who has the address can see your lessons: keep it to yourself.',
  "account.calendar.on": "Your feed is on (address made {when})",
  "account.calendar.none": "You have no calendar feed",
  "account.calendar.remake": "Make a new address",
  "account.calendar.make": "Make my feed address",
  "account.calendar.revokeNote":
    "A new address ends the old one, and so does turning the feed off.",
  "account.calendar.revoke": "Turn the feed off",

  // The teacher's profile (routes/account/profile.tsx,
  // components/account/ProfileForm.tsx and PhotoForm.tsx).
  "account.profile.title": "Your teacher profile",
  "account.profile.back": "Account",
  "account.profile.photoSaved": "Photo saved",
  "account.profile.photoRemoved": "Photo removed",
  "account.profile.notSaved": "Your profile was not saved: check the form",
  "account.profile.preview": "See your page as students do",
  "account.profile.photoSection": "Photo",
  "account.profile.aboutSection": "About you",
  "account.profile.photoTooLarge": "The photo must be at most {size}",
  "account.profile.photoMissing": "Choose an image file",
  "account.profile.currentPhoto": "Your current photo",
  "account.profile.noPhoto": "No photo yet.",
  "account.profile.newPhoto": "New photo",
  "account.profile.photoHint":
    "JPEG, PNG or WebP, at most {size}; shown as a square",
  "account.profile.upload": "Upload photo",
  "account.profile.removePhoto": "Remove photo",
  "account.profile.headline": "Headline",
  "account.profile.headlineHint": {
    one: "One line students see first (at most {count} character)",
    other: "One line students see first (at most {count} characters)",
  },
  "account.profile.bio": "About you",
  "account.profile.bioHint": {
    one: "At most {count} character",
    other: "At most {count} characters",
  },
  "account.profile.subjects": "Subjects",
  "account.profile.subjectsHint":
    "Separated by commas, at most {count} (e.g. English, IELTS)",
  "account.profile.languages": "Languages you speak",
  "account.profile.languagesHint": "Separated by commas, at most {count}",
  "account.profile.save": "Save profile",

  // Creating an account (routes/register.tsx).
  "auth.register.title": "Create an account",
  "auth.register.intro":
    "Book lessons or offer your own, with the video call built in.",
  "auth.register.checkFields": "Please check the fields marked below",
  "auth.register.passwordHint": {
    one: "At least {count} character, not a common one",
    other: "At least {count} characters, not a common one",
  },
  "auth.register.nameHint": "Shown to your teachers or students",
  "auth.register.role": "I am a",
  "auth.register.studentHint": "I want to book lessons",
  "auth.register.teacherHint": "I want to offer lessons",
  "auth.register.submit": "Create account",
  "auth.register.haveAccount": "Already have an account?",

  // A forgotten password (routes/forgot-password.tsx).
  "auth.forgot.title": "Forgot password",
  "auth.forgot.intro":
    "Enter the email you signed up with and we will send you a link to choose a new password.",
  "auth.forgot.sent":
    "If an account uses this address, we have sent it a link to choose a new password. The link works for {duration}.",
  "auth.forgot.emailHint": "The address you signed up with",
  "auth.forgot.submit": "Send reset link",
  "auth.forgot.back": "Back to sign in",

  // Choosing a new password (routes/reset-password.tsx).
  "auth.reset.title": "Choose a new password",
  "auth.reset.intro": "Choose a password you do not use anywhere else.",
  "auth.reset.done":
    "Your password was changed and every session was signed out.",
  "auth.reset.password": "New password",
  "auth.reset.passwordHint": {
    one: "At least {count} character",
    other: "At least {count} characters",
  },
  "auth.reset.submit": "Set new password",
  "auth.reset.broken":
    "Cannot reset password: this link is invalid, used or expired",
  "auth.reset.newLink": "Ask for a new link",

  // Confirming a new e-mail address (routes/confirm-email.tsx).
  "auth.confirm.title": "Confirm your new email",
  "auth.confirm.intro":
    "Your account moves to the new address only once you confirm it here.",
  "auth.confirm.done":
    "Your email address was changed. Use it to sign in from now on.",
  "auth.confirm.broken":
    "Cannot change email: this link is invalid, used or expired",
  "auth.confirm.question": "Use {email} for your Talkroom account?",
  "auth.confirm.submit": "Confirm new email",

  // The not-found page and the other refusals (routes/_404.tsx).
  "page404.title": "Page not found",
  "page404.text": "There is nothing at this address.",
  "page404.home": "Go to the start page",
  "page404.title403": "You do not have access to this page",
  "page404.text403":
    "This page belongs to other people. If you think you should see it, check that you are signed in with the right account.",
  "page404.title409": "That cannot be done now",
  "page404.title429": "Too many attempts",
  "page404.title503": "Talkroom is briefly unavailable",
  "page404.text503":
    "We cannot reach our database at the moment. Your data is safe; please try again in a minute.",
  "page404.titleOther": "That did not work",
  "page404.bookings": "Go to your bookings",

  // The crash page (routes/_500.tsx).
  "page500.title": "Something went wrong",
  "page500.text":
    "The server could not complete this request. Please try again in a moment.",
  "page500.bookings": "Go to your bookings",
} as const;

// English messages for the admin pages, the ratings and notifications pages.

export const admin = {
  // The frame of every admin page (components/admin/AdminShell.tsx).
  "admin.pageTitle": "Admin: {title}",
  "admin.section.overview": "Overview",
  "admin.section.users": "Users",
  "admin.section.bookings": "Bookings",
  "admin.section.disputes": "Disputes",
  "admin.section.audit": "Audit trail",

  // Values of the admin's selects: the codes the API and the audit use.
  "admin.role.student": "student",
  "admin.role.teacher": "teacher",
  "admin.role.admin": "admin",
  "admin.status.pending": "pending",
  "admin.status.confirmed": "confirmed",
  "admin.status.cancelled": "cancelled",
  "admin.status.completed": "completed",
  "admin.status.no_show": "no_show",
  "admin.status.technical_failure": "technical_failure",
  "admin.absent.student": "student",
  "admin.absent.teacher": "teacher",
  "admin.absent.both": "both",

  // Column headings of the admin tables.
  "admin.column.when": "When",
  "admin.column.admin": "Admin",
  "admin.column.action": "Action",
  "admin.column.on": "On",
  "admin.column.details": "Details",
  "admin.column.status": "Status",
  "admin.column.teacher": "Teacher",
  "admin.column.student": "Student",
  "admin.column.user": "User",
  "admin.column.role": "Role",
  "admin.column.actions": "Actions",

  // The overview (routes/admin/index.tsx); {link} is the section's name.
  "admin.overview.users":
    "{link}: find accounts, change a role, disable or enable an account.",
  "admin.overview.bookings":
    "{link}: every booking, by status, teacher, student and date.",
  "admin.overview.disputes":
    "{link}: {open}; resolve one by setting the lesson's outcome, with a note.",
  "admin.overview.openDisputes": { one: "{count} open", other: "{count} open" },
  "admin.overview.audit": "{link}: every admin action.",

  // Users (routes/admin/users.tsx, components/admin/UserRow.tsx).
  "admin.users.search": "E-mail or name",
  "admin.users.role": "Role",
  "admin.users.anyRole": "Any role",
  "admin.users.submit": "Search",
  "admin.users.none": "No user matches.",
  "admin.users.more": "More users",
  "admin.users.roleChanged": "The role was changed.",
  "admin.users.disabled": "The account was disabled and its sessions ended.",
  "admin.users.enabled": "The account was enabled.",
  "admin.users.checkForm": "Check the form",
  "admin.user.disabledAt": "Disabled {when}",
  "admin.user.active": "Active",
  "admin.user.you": "You",
  "admin.user.roleOf": "Role of {email}",
  "admin.user.changeRole": "Change role",
  "admin.user.enable": "Enable",
  "admin.user.disable": "Disable",

  // Bookings (routes/admin/bookings.tsx, components/admin/BookingFilter.tsx).
  "admin.filter.status": "Status",
  "admin.filter.any": "Any",
  "admin.filter.teacher": "Teacher (e-mail, name or id)",
  "admin.filter.student": "Student (e-mail, name or id)",
  "admin.filter.from": "From",
  "admin.filter.to": "To",
  "admin.filter.submit": "Filter",
  "admin.bookings.zone": "Days and times are in your time zone, {zone}.",
  "admin.bookings.none": "No booking matches.",
  "admin.bookings.more": "More bookings",

  // Disputes (routes/admin/disputes.tsx, components/admin/DisputeCard.tsx).
  "admin.disputes.title": "Open disputes",
  "admin.disputes.none": "No dispute is open.",
  "admin.disputes.resolved": "The dispute was resolved.",
  "admin.disputes.notResolved": "The dispute was not resolved: check the form",
  "admin.dispute.who":
    "Teacher {teacher}, student {student}, booking {booking}",
  "admin.dispute.raisedBy": "Raised by {name} on {when}:",
  "admin.dispute.outcome": "Outcome",
  "admin.dispute.absent": "Absent (for no_show)",
  "admin.dispute.note": "Note (required)",
  "admin.dispute.resolve": "Resolve",

  // The audit trail (routes/admin/audit.tsx, components/admin/AuditTable.tsx).
  "admin.audit.intro":
    "Every admin action, newest first. The trail cannot be edited or deleted.",
  "admin.audit.none": "No admin action yet.",
  "admin.audit.booking": "booking {id}",
  "admin.audit.older": "Older",

  // A teacher's ratings, or every rating for an admin (routes/ratings.tsx).
  "ratings.titleAll": "All ratings",
  "ratings.titleOwn": "Your ratings",
  "ratings.privateAll":
    "Private: students rate completed lessons; only the teacher and admins see these.",
  "ratings.privateOwn":
    "Private: students rate completed lessons; only you and admins see these.",
  "ratings.none": "No ratings yet.",
  "ratings.studentToTeacher": "{student} → {teacher}",
  "ratings.lessonWith": "Lesson with {name}",
  "ratings.entry": "{lesson}, {when}",
  "ratings.older": "Older ratings",

  // The in-app notifications (routes/notifications.tsx); the title is
  // "nav.notifications".
  "notifications.intro":
    "What Talkroom told you, newest first, with the e-mail each one sends.",
  "notifications.settings": "Choose which e-mails you get",
  "notifications.none":
    "Nothing yet. Requests, confirmations, cancellations and reminders appear here.",
  "notifications.markRead": "Mark read",
  "notifications.markAllRead": "Mark all read",
  "notifications.unread": "{time} · unread",
  "notifications.email": "The e-mail",
  "notifications.subject": "Subject: {subject}",
  "notifications.older": "Older",
} as const;

// English messages for e-mails, in-app notices and calendar invites.

export const email = {} as const;

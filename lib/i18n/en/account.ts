// English messages for accounts: sign-in flows, the account pages, error pages and the app frame's own texts.

export const account = {} as const;

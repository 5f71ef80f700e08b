// English messages for the admin pages, the ratings and notifications pages.

export const admin = {} as const;

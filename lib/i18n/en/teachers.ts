// English messages for teachers: profiles, discovery, availability and slots.

export const teachers = {} as const;

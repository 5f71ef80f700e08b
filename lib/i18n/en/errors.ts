// English messages for errors a user is told about: validation and refused actions from lib/.

export const errors = {} as const;

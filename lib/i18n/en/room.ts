// English messages for the call room (islands/CallRoom.tsx, components/call/, components/RoomArea.tsx).

export const room = {} as const;

// English messages for a booking's pages and parts (routes/bookings/, components/booking/, components/calendar/).

export const booking = {} as const;

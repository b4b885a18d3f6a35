/**
 * How long a write transaction may wait for SQLite's one write lock, and run once it has it. Many sign-ups may queue
 * for the lock at once (a burst of 500): they wait for it rather than fail. Every area that opens a transaction on
 * registrations, events or messages passes these.
 */
export const TX_OPTIONS = { maxWait: 120_000, timeout: 60_000 } as const;

/**
 * Exit codes of query-running commands, beyond 0 (success), 1 (user error) and 2 (usage).
 * Scripts rely on them: never renumber.
 */
export const EXIT = {
  noResults: 3,
  queryFailed: 4,
  queryTimeout: 5,
  queryCancelled: 6,
  incomplete: 7,
  budgetExceeded: 8,
  /** Ctrl-C; every interrupting signal N exits 128 + N (143 for SIGTERM): see signals.ts. */
  interrupted: 130,
} as const;

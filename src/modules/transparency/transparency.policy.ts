import type { Policy } from '../../platform/http.ts'

/** The log is public: anyone may check it. A subject sees the proofs of the events about itself. */
export const transparencyPolicy = {
  readLog: 'public',
  ownLog: ['subject'],
} as const satisfies Record<string, Policy>

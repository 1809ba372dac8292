import type { Policy } from '../../platform/http.ts'

/** The state check is the auditors' (the officers' work is what it checks). */
export const integrityPolicy = {
  checkState: ['auditor'],
} as const satisfies Record<string, Policy>

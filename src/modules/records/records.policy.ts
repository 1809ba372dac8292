import type { Policy } from '../../platform/http.ts'

/** Who may do what with records. */
export const recordsPolicy = {
  submit: ['source'],
  submitBatch: ['source'],
  readFile: ['source', 'officer', 'auditor'],
  readReport: ['relying_party'],
  readPublic: 'public',
} as const satisfies Record<string, Policy>

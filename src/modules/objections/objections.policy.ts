import type { Policy } from '../../platform/http.ts'

/** Who may do what with objections. */
export const objectionsPolicy = {
  fileOwn: ['subject'],
  listOwn: ['subject'],
  fileOnBehalf: ['officer'],
  sourceQueue: ['source'],
  answer: ['source'],
  officerQueue: ['officer', 'auditor'],
  read: ['officer', 'auditor'],
  escalate: ['officer'],
  decide: ['officer'],
} as const satisfies Record<string, Policy>

import type { Policy } from '../../platform/http.ts'

export const ratingsPolicy = {
  model: 'public',
  publicGrade: 'public',
  read: ['officer', 'auditor', 'department'],
  own: ['subject'],
} as const satisfies Record<string, Policy>

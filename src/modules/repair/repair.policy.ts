import type { Policy } from '../../platform/http.ts'

export const repairPolicy = {
  apply: ['subject'],
  listOwn: ['subject'],
  queue: ['officer', 'auditor'],
  step: ['officer'],
} as const satisfies Record<string, Policy>

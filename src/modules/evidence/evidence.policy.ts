import type { Policy } from '../../platform/http.ts'

export const evidencePolicy = {
  upload: ['subject'],
  readOwn: ['subject'],
  read: ['officer', 'auditor'],
} as const satisfies Record<string, Policy>

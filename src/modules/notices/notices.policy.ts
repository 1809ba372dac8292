import type { Policy } from '../../platform/http.ts'

export const noticesPolicy = {
  ownNotices: ['subject'],
} as const satisfies Record<string, Policy>

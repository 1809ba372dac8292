import type { Policy } from '../../platform/http.ts'

export const statisticsPolicy = {
  statistics: 'public',
} as const satisfies Record<string, Policy>

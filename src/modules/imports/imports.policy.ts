import type { Policy } from '../../platform/http.ts'

export const importsPolicy = {
  upload: ['source'],
  read: ['source'],
} as const satisfies Record<string, Policy>

import type { Policy } from '../../platform/http.ts'

/** The catalogue is published: anyone may read it. */
export const cataloguePolicy = {
  read: 'public',
} as const satisfies Record<string, Policy>

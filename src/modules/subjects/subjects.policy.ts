import type { Policy } from '../../platform/http.ts'

/** Who may do what with subjects. */
export const subjectsPolicy = {
  read: ['source', 'officer'],
  register: ['source', 'officer'],
  lookup: ['source', 'officer'],
  search: 'public',
} as const satisfies Record<string, Policy>

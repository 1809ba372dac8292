import type { Policy } from '../../platform/http.ts'

/** Who may do what with accounts and sessions. */
export const accountsPolicy = {
  signIn: 'public',
  signOut: ['officer', 'auditor', 'subject'],
  register: 'public',
  listPending: ['officer'],
  verify: ['officer'],
  whoAmI: ['source', 'officer', 'relying_party', 'department', 'auditor', 'subject'],
  ownInquiries: ['subject'],
  ownFile: ['subject'],
  ownConsents: ['subject'],
  ownExport: ['subject'],
} as const satisfies Record<string, Policy>

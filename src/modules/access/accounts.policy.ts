import type { Policy } from '../../platform/http.ts'
import { roles } from '../../platform/principal.ts'

/** Who may do what with accounts and sessions. */
export const accountsPolicy = {
  signIn: 'public',
  // whoever is signed in, whatever their role (an API key has no session: nothing to end)
  signOut: roles,
  register: 'public',
  listPending: ['officer'],
  verify: ['officer'],
  refuse: ['officer'],
  readClaim: ['officer'],
  ownClaim: ['subject'],
  ownClaimDocument: ['subject'],
  listSubjectAccounts: ['officer'],
  whoAmI: ['source', 'officer', 'relying_party', 'department', 'auditor', 'subject'],
  ownInquiries: ['subject'],
  ownFile: ['subject'],
  ownConsents: ['subject'],
  ownExport: ['subject'],
} as const satisfies Record<string, Policy>

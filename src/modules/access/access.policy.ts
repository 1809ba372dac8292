import type { Policy } from '../../platform/http.ts'

/** Who may manage consents: officers, from written authorisations, until subjects have accounts. */
export const accessPolicy = {
  readConsents: ['officer'],
  grantConsent: ['officer'],
  revokeConsent: ['officer'],
} as const satisfies Record<string, Policy>

import type { Policy } from '../../platform/http.ts'

export const listsPolicy = {
  catalogue: 'public',
  publicEntries: 'public',
  propose: ['officer'],
  queue: ['officer', 'auditor'],
  read: ['officer', 'auditor'],
  step: ['officer'],
  ownEntries: ['subject'],
  ownObjection: ['subject'],
  ownRemovalCondition: ['subject'],
  check: ['department'],
} as const satisfies Record<string, Policy>

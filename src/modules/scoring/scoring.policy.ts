import type { Policy } from '../../platform/http.ts'

export const scoringPolicy = {
  models: 'public',
  publish: ['officer'],
  score: ['relying_party'],
  ownScores: ['subject'],
  stability: ['officer', 'auditor'],
  stabilitySummary: 'public',
} as const satisfies Record<string, Policy>

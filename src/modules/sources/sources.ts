/** Source agencies: who may submit which record kinds. Pure rules. */
export const agencyTypes = [
  'court',
  'tax_bureau',
  'market_regulator',
  'environment_bureau',
  'labour_inspection',
  'procurement_office',
  'finance_ministry',
  'lender',
  'utility',
  'credit_authority',
] as const
export type AgencyType = (typeof agencyTypes)[number]

/** Government agencies may submit a record whose identifier fails only its check character: it is kept, flagged for review. */
export const governmentAgencyTypes: ReadonlySet<AgencyType> = new Set([
  'court',
  'tax_bureau',
  'market_regulator',
  'environment_bureau',
  'labour_inspection',
  'procurement_office',
  'finance_ministry',
  'credit_authority',
])

export interface Source {
  sourceId: string
  name: string
  displayName: string
  agencyType: AgencyType
  isGovernment: boolean
  allowedKinds: string[]
  createdAt: Date
}

export function isAgencyType(value: string): value is AgencyType {
  return (agencyTypes as readonly string[]).includes(value)
}

/** API keys look like `fides_<keyId>_<secret>`: the id finds the row, the secret is compared by hash. */
const TOKEN = /^fides_([A-Za-z0-9]{16})_([A-Za-z0-9_-]{43})$/

export function parseApiKey(token: string): { keyId: string; secret: string } | null {
  const match = TOKEN.exec(token)
  return match ? { keyId: match[1]!, secret: match[2]! } : null
}

export function formatApiKey(keyId: string, secret: string): string {
  return `fides_${keyId}_${secret}`
}

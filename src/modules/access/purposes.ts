/**
 * Permissible purposes: the closed list a relying party may declare, and what each one may see.
 * A purpose opens record categories, separately for organisations and for natural persons: a person
 * gets purpose-bound reports (repayment and court history for lending), never a composite of
 * unrelated domains, and a report on a person always needs the person's consent.
 */
import type { LocalisedText, RecordCategory } from '../catalogue/index.ts'

export const purposes = [
  'credit_application',
  'account_review',
  'judgment_collection',
  'public_procurement_check',
  'licensing_check',
  'regulatory_supervision',
  'subject_request',
] as const

export type Purpose = (typeof purposes)[number]

export function isPurpose(value: string): value is Purpose {
  return (purposes as readonly string[]).includes(value)
}

export interface PurposeRule {
  name: LocalisedText
  /** categories a relying party with this purpose may see about an organisation */
  organisations: ReadonlySet<RecordCategory>
  /** categories it may see about a natural person, with the person's consent; empty: never */
  persons: ReadonlySet<RecordCategory>
  /** only the subject itself (or its representative) may declare it */
  subjectOnly: boolean
}

const set = (...categories: RecordCategory[]): ReadonlySet<RecordCategory> => new Set(categories)
const lending = set(
  'finance',
  'judicial',
  'tax',
  'administrative_penalties',
  'public_contracts',
  'labour',
  'market_supervision',
)
const ALL = set(
  'licensing',
  'administrative_penalties',
  'judicial',
  'tax',
  'finance',
  'public_contracts',
  'labour',
  'product_safety',
  'environment',
  'public_procurement',
  'commendations',
  'market_supervision',
)

export const purposeRules: Readonly<Record<Purpose, PurposeRule>> = {
  credit_application: {
    name: { zh: '信贷申请', en: 'credit application' },
    organisations: lending,
    persons: set('finance', 'judicial'),
    subjectOnly: false,
  },
  account_review: {
    name: { zh: '贷后管理', en: 'account review' },
    organisations: lending,
    persons: set('finance', 'judicial'),
    subjectOnly: false,
  },
  judgment_collection: {
    name: { zh: '判决执行', en: 'collection of a judgment' },
    organisations: set('judicial'),
    persons: set('judicial'),
    subjectOnly: false,
  },
  public_procurement_check: {
    name: { zh: '政府采购审查', en: 'public procurement check' },
    organisations: set(
      'administrative_penalties',
      'public_procurement',
      'judicial',
      'tax',
      'labour',
      'environment',
      'product_safety',
      'market_supervision',
      'commendations',
    ),
    persons: set(),
    subjectOnly: false,
  },
  licensing_check: {
    name: { zh: '行政许可审查', en: 'licensing check' },
    organisations: set(
      'licensing',
      'administrative_penalties',
      'judicial',
      'labour',
      'environment',
      'product_safety',
      'market_supervision',
    ),
    persons: set(),
    subjectOnly: false,
  },
  regulatory_supervision: {
    name: { zh: '信用监管', en: 'regulatory supervision' },
    organisations: ALL,
    persons: set(),
    subjectOnly: false,
  },
  subject_request: {
    name: { zh: '本人查询', en: "the subject's own request" },
    organisations: ALL,
    persons: ALL,
    subjectOnly: true,
  },
}

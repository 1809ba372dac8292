/**
 * The domains in which a department may carry out measures linked to a list entry (DOMAIN.md,
 * Measures): a closed list. Social security, welfare, healthcare, compulsory education, legal aid and
 * access to courts are not domains any measure may reach (CHARTER), so they are not here to choose.
 * A department is registered for the domains it works in and may check a subject only in those.
 */
import type { LocalisedText, MeasureDomainCode } from '../catalogue/index.ts'

export const measureDomains = {
  public_procurement: { zh: '政府采购', en: 'public procurement' },
  licensing: { zh: '行政许可', en: 'licensing' },
  subsidies: { zh: '财政补贴', en: 'subsidies and public funding' },
  honours: { zh: '评优评先', en: 'honours and commendations' },
  high_consumption: { zh: '高消费', en: 'high consumption (judgment defaulters only)' },
  inspections: { zh: '监管检查', en: 'inspection frequency' },
  fast_track_approval: { zh: '绿色通道', en: 'fast-track approval' },
} as const satisfies Record<string, LocalisedText>

export type MeasureDomain = keyof typeof measureDomains
// the same domains as the measure dictionary's closed list (catalogue/measures.ts), checked at compile time
const _sameDomains: [MeasureDomain, MeasureDomainCode] extends [MeasureDomainCode, MeasureDomain] ? true : never = true
void _sameDomains

export function isMeasureDomain(value: string): value is MeasureDomain {
  return Object.hasOwn(measureDomains, value)
}

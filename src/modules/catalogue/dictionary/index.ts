/**
 * The data-element dictionary: every element a record may carry, shipped and versioned with the release.
 * A deployment's catalogue selects elements from it and may narrow them; it cannot add one.
 *
 * Built from the National Basic Catalogue of Public Credit Information (全国公共信用信息基础目录, 2024 edition,
 * NDRC and PBOC, 发改财金规〔2024〕203号) and the record formats that carry its items: the double-publicity
 * (双公示) data items for administrative licences and penalties, the Supreme People's Court's published items
 * for dishonest judgment debtors (法释〔2017〕7号 art. 6), tax arrears notices and tax credit grades, the
 * Regulations on Ensuring Payment to SMEs for public bodies' contracts, the wage-arrears list (MOHRSS Order
 * No. 45), and the credit-account data items of the PBOC Credit Reference Center's reports. The catalogue's own
 * rule is Fides' too: information outside it is not public credit information.
 */
import type { DataElement } from '../elements.ts'
import { ADMINISTRATIVE_ELEMENTS } from './administrative.ts'
import { COMMON_ELEMENTS } from './common.ts'
import { FINANCE_ELEMENTS } from './finance.ts'
import { JUDICIAL_ELEMENTS } from './judicial.ts'
import { SECTOR_ELEMENTS } from './sectors.ts'
import { SOURCES } from './shared.ts'
import { TAX_ELEMENTS } from './tax.ts'

/** Changes with every release that adds, removes or changes an element. */
export const DICTIONARY_VERSION = '2026.4'

function assemble(): ReadonlyMap<string, DataElement> {
  const out = new Map<string, DataElement>()
  for (const e of [
    ...COMMON_ELEMENTS,
    ...ADMINISTRATIVE_ELEMENTS,
    ...JUDICIAL_ELEMENTS,
    ...TAX_ELEMENTS,
    ...FINANCE_ELEMENTS,
    ...SECTOR_ELEMENTS,
  ]) {
    if (out.has(e.code)) throw new Error(`data element ${e.code} is defined twice`)
    out.set(e.code, Object.freeze({ ...e, source: SOURCES[e.source] }))
  }
  return out
}

/** Every element by its code. */
export const DATA_ELEMENTS: ReadonlyMap<string, DataElement> = assemble()
export { SOURCES }

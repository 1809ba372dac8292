import type { Catalogue, RecordCategory, RecordKind } from './catalogue.ts'
import { DATA_ELEMENTS } from './dictionary/index.ts'
import { compileFieldValidators, type FieldError } from './fields.ts'

/** The catalogue in force: kinds by code and each kind's compiled field validator. */
export interface ActiveCatalogue {
  version: string
  catalogue: Catalogue
  kinds: ReadonlyMap<string, RecordKind>
  /** categories holding at least one consent-required kind */
  consentRequiredCategories: ReadonlySet<RecordCategory>
  validateFields(kindCode: string, fields: unknown): FieldError[]
  /** the kind's bounded free-text elements (a decision's summary): masked for identifiers and names at ingestion */
  freeTextElements(kindCode: string): readonly string[]
  /** the kind's text elements checked for identifiers at ingestion: prose and names for any, identifiers (numbers) for identity numbers */
  textElements(kindCode: string): readonly TextElement[]
}

/** A string element of a kind and what it may not carry (records' `record.identifier_in_text`). */
export interface TextElement {
  code: string
  residentIdOnly: boolean
}

function textElementsOf(kind: Catalogue['kinds'][number]): TextElement[] {
  const out: TextElement[] = []
  for (const e of kind.elements) {
    const type = DATA_ELEMENTS.get(e.element)?.value.type
    if (type === 'text' || type === 'name') out.push({ code: e.element, residentIdOnly: false })
    else if (type === 'identifier') out.push({ code: e.element, residentIdOnly: true })
  }
  return out
}

export function prepareCatalogue(catalogue: Catalogue): ActiveCatalogue {
  const validators = compileFieldValidators(catalogue)
  const textElements = new Map(catalogue.kinds.map((k) => [k.code, textElementsOf(k)]))
  const freeText = new Map(
    catalogue.kinds.map((k) => [
      k.code,
      k.elements.filter((e) => DATA_ELEMENTS.get(e.element)?.value.type === 'text').map((e) => e.element),
    ]),
  )
  return {
    version: catalogue.catalogueVersion,
    catalogue,
    kinds: new Map(catalogue.kinds.map((k) => [k.code, k])),
    consentRequiredCategories: new Set(
      catalogue.kinds.filter((k) => k.disclosure === 'consent_required').map((k) => k.category),
    ),
    validateFields(kindCode, fields) {
      const validate = validators.get(kindCode)
      if (!validate) return [{ pointer: '', message: `no schema for kind ${kindCode}` }]
      return validate(fields)
    },
    freeTextElements: (kindCode) => freeText.get(kindCode) ?? [],
    textElements: (kindCode) => textElements.get(kindCode) ?? [],
  }
}

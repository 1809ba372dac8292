/**
 * The catalogue in force as the public reads it (pure): every kind with its data elements resolved from
 * the dictionary — names, descriptions, value types with the kind's narrowed bounds, coded values with
 * their labels, whom each may describe, whether it may be public, its legal basis — and the list
 * catalogue's list kinds and measures.
 */
import type { Catalogue, RecordKind } from './catalogue.ts'
import type { PublishedCatalogue, PublishedElement, PublishedKind } from './catalogue.schemas.ts'
import { allowedCodes, elementSchema, LEGAL_BASES, type DataElement, type KindElement } from './elements.ts'
import type { ListCatalogue } from './list-catalogue.ts'
import { BASIC_LIST_GROUPS } from './measures.ts'

/** The bounds a reader needs for each value type, from the element's schema as the kind narrows it. */
function boundsOf(
  element: DataElement,
  narrowing: Omit<KindElement, 'element' | 'required'>,
): PublishedElement['bounds'] {
  const s = elementSchema(element, narrowing)
  const v = element.value
  switch (v.type) {
    case 'identifier':
      return {
        minLength: s.minLength!,
        maxLength: s.maxLength!,
        ...(s.pattern !== undefined ? { pattern: s.pattern } : {}),
      }
    case 'name':
    case 'text':
      return { maxLength: s.maxLength! }
    case 'year':
    case 'count':
    case 'amount':
    case 'score':
    case 'level':
      return {
        ...(s.minimum !== undefined ? { minimum: s.minimum } : {}),
        ...(s.maximum !== undefined ? { maximum: s.maximum } : {}),
      }
    case 'codes':
      return { maxItems: s.maxItems! }
    case 'coded_string':
      return { length: v.length, pattern: v.pattern }
    case 'monthly_series':
      return { maxItems: v.months }
    case 'code':
    case 'date':
    case 'month':
    case 'boolean':
      return {}
  }
}

function unitOf(element: DataElement): string | null {
  const v = element.value
  return v.type === 'amount' || v.type === 'count' ? v.unit : null
}

/** One element of a kind, resolved from the dictionary; undefined if the dictionary does not hold it (a validated kind never names such an element). */
export function publishedElement(
  kindElement: KindElement,
  dictionary: ReadonlyMap<string, DataElement>,
): PublishedElement | undefined {
  const element = dictionary.get(kindElement.element)
  if (!element) return undefined
  const { element: code, required, ...narrowing } = kindElement
  const v = element.value
  const labels = v.type === 'code' || v.type === 'codes' ? v.values : {}
  return {
    code,
    name: element.name,
    description: element.description,
    category: element.category,
    type: v.type,
    required,
    bounds: boundsOf(element, narrowing),
    unit: unitOf(element),
    values: allowedCodes(element, narrowing).map((c) => ({ code: c, zh: labels[c]![0], en: labels[c]![1] })),
    legend: v.type === 'coded_string' ? v.legend : null,
    subjectTypes: [...element.subjectTypes],
    mayBePublic: element.mayBePublic,
    personsNeedConsent: element.personsNeedConsent === true,
    legalBasis: { code: element.legalBasis, ...LEGAL_BASES[element.legalBasis] },
    source: element.source,
  }
}

export function publishedKind(kind: RecordKind, dictionary: ReadonlyMap<string, DataElement>): PublishedKind {
  return {
    code: kind.code,
    category: kind.category,
    name: kind.name,
    legalBasis: kind.legalBasis,
    subjectTypes: [...kind.subjectTypes],
    polarity: kind.polarity,
    severity: kind.severity ?? null,
    disclosure: kind.disclosure,
    display: kind.display,
    retention: kind.retention,
    repairable: kind.repairable,
    minimumPublication: kind.minimumPublication ?? null,
    elements: kind.elements
      .map((e) => publishedElement(e, dictionary))
      .filter((e): e is PublishedElement => e !== undefined),
  }
}

/** The record-kind catalogue and the list catalogue in force, resolved for reading. */
export function publishedCatalogue(
  catalogue: Catalogue,
  lists: ListCatalogue,
  dictionary: ReadonlyMap<string, DataElement>,
  dictionaryVersion: string,
): PublishedCatalogue {
  return {
    catalogueVersion: catalogue.catalogueVersion,
    publishedOn: catalogue.publishedOn,
    dictionaryVersion,
    kinds: catalogue.kinds.map((k) => publishedKind(k, dictionary)),
    lists: {
      listCatalogueVersion: lists.listCatalogueVersion,
      publishedOn: lists.publishedOn,
      measureDictionaryVersion: lists.measureDictionaryVersion,
      listKinds: lists.listKinds,
      measures: lists.measures.map((m) => ({ ...m, groupName: BASIC_LIST_GROUPS[m.group] })),
    },
  }
}

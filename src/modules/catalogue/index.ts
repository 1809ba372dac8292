// The catalogue module's only public door.
import type { FastifyPluginAsync } from 'fastify'
import type { ActiveCatalogue } from './active.ts'
import type { activateCatalogue as ActivateCatalogue } from './catalogue.service.ts'
import type { catalogueRoutes as CatalogueRoutes } from './catalogue.routes.ts'
export type {
  Catalogue,
  StoredCatalogueVersion,
  RecordKind,
  RecordCategory,
  SubjectType,
  Polarity,
  Disclosure,
  Severity,
  LocalisedText,
  DisplayWindow,
  Retention,
  RetentionFrom,
  JsonSchema,
  JsonSchemaObject,
  JsonSchemaType,
} from './catalogue.ts'
export {
  SUBJECT_TYPES,
  POLARITIES,
  DISCLOSURES,
  SEVERITIES,
  RECORD_CATEGORIES,
  RETENTION_FROM,
  ENVELOPE_FIELD_NAMES,
  findKind,
  appliesToPersons,
  publicDisplayEndsOn,
  erasureDueOn,
  retentionBaseOf,
  hasRetentionBackstop,
} from './catalogue.ts'
export type { CatalogueProblem } from './charter.ts'
export {
  PROBLEM_CODES,
  MAX_RETENTION,
  MAX_PERSON_RETENTION,
  PENALTY_MAX_DISPLAY,
  PENALTY_MIN_PUBLICATION,
} from './charter.ts'
export type { CatalogueValidation } from './validate-catalogue.ts'
export { validateCatalogue } from './validate-catalogue.ts'
export type {
  CodeLabel,
  DataElement,
  ElementCategory,
  ElementValue,
  KindElement,
  LegalBasisCategory,
  MonthlyItem,
} from './elements.ts'
export { ELEMENT_CATEGORIES_FOR_KIND, LEGAL_BASES, codeLabel, describeFields, elementSchema } from './elements.ts'
export { DATA_ELEMENTS, DICTIONARY_VERSION } from './dictionary/index.ts'
export { KIND_TYPES } from './dictionary/kinds.ts'
export { kindSample } from './samples.ts'
export type { FieldError, FieldValidator } from './fields.ts'
export { compileFieldValidators } from './fields.ts'
export {
  loadCatalogue,
  loadListCatalogue,
  CatalogueError,
  DEFAULT_CATALOGUE_PATH,
  DEFAULT_LIST_CATALOGUE_PATH,
} from './load.ts'
export type {
  EarlyRemoval,
  ListArea,
  ListCatalogue,
  ListCatalogueValidation,
  ListCriterion,
  ListKind,
  Measure,
} from './list-catalogue.ts'
export { OBJECTION_ANSWER_DAYS } from './time-limits.ts'
export {
  LIST_AREAS,
  LIST_PROBLEM_CODES,
  MAX_DEPARTMENT_LENGTH,
  MAX_LIST_TERM,
  MAX_REMOVAL_WORKING_DAYS,
  MIN_OBJECTION_WINDOW,
  validateListCatalogue,
} from './list-catalogue.ts'
export type {
  BasicListGroup,
  MeasureDomainCode,
  MeasureEffect,
  MeasureFollows,
  MeasureType,
  OutsideCharter,
  RefusedMeasureType,
  SelectableMeasureType,
  SubListItem,
} from './measures.ts'
export {
  BASIC_LIST_GROUPS,
  HIGH_CONSUMPTION_ITEMS,
  MEASURE_DICTIONARY,
  MEASURE_DICTIONARY_SOURCES,
  MEASURE_DICTIONARY_VERSION,
  MEASURE_DOMAINS,
  MEASURE_DOMAIN_NAMES,
  findMeasureType,
  isMeasureDomain,
} from './measures.ts'
export { assertNoForbiddenCategory } from './free-text.ts'
export type { Duration } from './durations.ts'
export {
  addDuration,
  parseDuration,
  daysBetween,
  compareDurations,
  durationExceeds,
  earliestStartRunningOn,
  isIsoDate,
  formatDuration,
  DURATION_REFERENCE_DATE,
  lastDueDay,
} from './durations.ts'
// Activation (the other half of the module: stored version, audit, HTTP route).
export type { ActiveCatalogue, TextElement } from './active.ts'
export type { CatalogueContext } from './catalogue.service.ts'
export type {
  CatalogueDiffView,
  CatalogueType,
  PublishedCatalogue,
  PublishedElement,
  PublishedKind,
  StoredVersionView,
  VersionContent,
  Versions,
} from './catalogue.schemas.ts'
export { prepareCatalogue } from './active.ts'
// loaded when first used, so that `fides catalogue check` does not load the database and HTTP layers
export async function activateCatalogue(...args: Parameters<typeof ActivateCatalogue>): Promise<ActiveCatalogue> {
  return (await import('./catalogue.service.ts')).activateCatalogue(...args)
}
export function catalogueRoutes(...args: Parameters<typeof CatalogueRoutes>): FastifyPluginAsync {
  return async (app) => {
    await app.register((await import('./catalogue.routes.ts')).catalogueRoutes(...args))
  }
}
export { storedCatalogueContents } from './catalogue.repository.ts'

export { readSubjectIdentity, subjectIdOf, type SubjectIdentity, type SubjectType } from './subjects.ts'
export {
  countSubjects,
  searchOrganisations,
  findExistingSubjects,
  findOwnIdentity,
  findSubjectSummary,
  personNameMatches,
  registerNewSubjects,
  getSubjectSummary,
  registerSubject,
  subjectIdFor,
  subjectSummaryOf,
  withSubjectBriefs,
  type SubjectBrief,
  type SubjectSummary,
  type SubjectSummaryRow,
} from './subjects.service.ts'
export { subjectRoutes } from './subjects.routes.ts'
export { SearchResultsSchema, SubjectBriefSchema, SubjectSummarySchema } from './subjects.schemas.ts'
export { countSubjectsOfTypes, isOrganisation, subjectsOfTypesIn, subjectSummaries } from './subjects.repository.ts'

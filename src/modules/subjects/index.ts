export { readSubjectIdentity, subjectIdOf, type SubjectIdentity, type SubjectType } from './subjects.ts'
export { countSubjects, ensureSubjects, findSubjectSummary, getSubjectSummary, registerSubject, subjectIdFor, type SubjectSummary } from './subjects.service.ts'
export { subjectRoutes } from './subjects.routes.ts'
export { SubjectSummarySchema } from './subjects.schemas.ts'

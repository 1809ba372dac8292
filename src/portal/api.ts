/**
 * The API's answers as the portal reads them. Each type is its route's response schema (Static<>), so
 * a page cannot expect what the API does not send; the routes that declare no response schema (the
 * officers' entry and repair queues, the statistics, the list catalogue) give their service's type.
 */
import type { Static } from 'typebox'
import type {
  ConsentsSchema,
  InquiriesSchema,
  MeSchema,
  PendingAccountsSchema,
  ClaimSchema,
  OwnClaimSchema,
  RelyingPartiesSchema,
  SessionSchema,
  SubjectAccountsSchema,
} from '../modules/access/index.ts'
import type { ProblemSchema, TrailEventSchema } from '../platform/problem-schema.ts'
import type { ListCatalogue, PublishedCatalogue } from '../modules/catalogue/index.ts'
import type { DocumentSchema } from '../modules/evidence/index.ts'
import type { StateCheckSchema } from '../modules/integrity/index.ts'
import type { ImportJobSchema, ImportJobsSchema } from '../modules/imports/index.ts'
import type { EntryDetailSchema, EntrySchema, OwnEntriesSchema, entryQueue } from '../modules/lists/index.ts'
import type { Statistics } from '../modules/statistics/index.ts'
import type { NoticesSchema } from '../modules/notices/index.ts'
import type {
  ObjectionSchema,
  OfficerQueueSchema,
  OwnObjectionsSchema,
  SourceQueueSchema,
} from '../modules/objections/index.ts'
import type { CreditFileSchema, PublicProfileSchema, ReportSchema } from '../modules/records/index.ts'
import type { OwnRepairsSchema, RepairDetailSchema, repairQueue } from '../modules/repair/index.ts'
import type { ModelsSchema, PersonScoresSchema, StabilitySchema } from '../modules/scoring/index.ts'
import type { OwnRatingSchema } from '../modules/ratings/index.ts'
import type { SearchResultsSchema, SubjectSummarySchema } from '../modules/subjects/index.ts'

/** A refusal (RFC 9457); read as Partial, since any answer that is not 2xx may be one. */
export type Problem = Static<typeof ProblemSchema>

/** A schema's `subject` is a reference to SubjectSummary, which Static<> cannot follow: this puts it in. */
type WithSubject<T> = Omit<T, 'subject'> & { subject: Static<typeof SubjectSummarySchema> }

export type Me = Static<typeof MeSchema>
export type Session = Static<typeof SessionSchema>
export type Consents = Static<typeof ConsentsSchema>
export type Inquiries = Static<typeof InquiriesSchema>
/** The credit scores given about the signed-in person, labelled in both languages (GET /v1/me/scores). */
export type PersonScores = Static<typeof PersonScoresSchema>
export type PendingAccounts = Static<typeof PendingAccountsSchema>
export type SubjectAccounts = Static<typeof SubjectAccountsSchema>
export type Claim = Static<typeof ClaimSchema>
export type OwnClaim = Static<typeof OwnClaimSchema>

export type SearchResults = Static<typeof SearchResultsSchema>
/** The public profile; its list entries are those of GET /v1/public/subjects/:id/list-entries. */
export type PublicProfile = Omit<Static<typeof PublicProfileSchema>, 'listEntries'> & {
  listEntries: Static<typeof EntrySchema>[]
}
export type CreditFile = WithSubject<Static<typeof CreditFileSchema>>
export type Report = WithSubject<Static<typeof ReportSchema>>

export type ListEntry = Static<typeof EntrySchema>
/** The subject's own entries, each saying whether an objection is open now and until when. */
export type OwnListEntries = Static<typeof OwnEntriesSchema>
export type ListEntryDetail = Static<typeof EntryDetailSchema>
export type EntryQueue = Awaited<ReturnType<typeof entryQueue>>
export type { ListCatalogue, Statistics }

export type Objection = Static<typeof ObjectionSchema>
/** A piece of evidence with an objection or a repair application. */
export type EvidenceItem = NonNullable<Objection['evidence']>[number]
/** One audit event of an entry or application, as its page shows it. */
export type TrailEvent = Static<typeof TrailEventSchema>
export type OwnObjections = Static<typeof OwnObjectionsSchema>
export type SourceQueue = Static<typeof SourceQueueSchema>
export type OfficerQueue = Static<typeof OfficerQueueSchema>

export type OwnRepairs = Static<typeof OwnRepairsSchema>
export type RepairDetail = Static<typeof RepairDetailSchema>
export type RepairQueue = Awaited<ReturnType<typeof repairQueue>>

export type Models = Static<typeof ModelsSchema>
export type Stability = Static<typeof StabilitySchema>
export type ImportJob = Static<typeof ImportJobSchema>
export type ImportJobs = Static<typeof ImportJobsSchema>
export type EvidenceDocument = Static<typeof DocumentSchema>
export type Notices = Static<typeof NoticesSchema>
export type StateCheck = Static<typeof StateCheckSchema>

/** The subject's own rating (GET /v1/me/rating), whom it may consent to (GET /v1/me/relying-parties), the catalogue (GET /v1/catalogue). */
export type OwnRating = Static<typeof OwnRatingSchema>
export type RelyingParties = Static<typeof RelyingPartiesSchema>
export type { PublishedCatalogue }
export type SubjectSummary = Static<typeof SubjectSummarySchema>

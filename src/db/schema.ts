/**
 * Row types of every table, as Kysely sees them. The DDL lives in migrations/; `distribution` below
 * says how each table is placed under Citus, and test/schema-citus.test.ts checks the migrated schema
 * against it: a per-subject table must lead its primary key and every unique constraint with subject_id.
 */
import type { ColumnType, Generated } from 'kysely'

type Timestamp = ColumnType<Date, Date | string, Date | string>

export interface CatalogueVersionsTable {
  catalogue_version: string
  published_on: string
  content: ColumnType<unknown, string, string>
  content_hash: string
  loaded_at: Timestamp
}

export interface SourcesTable {
  source_id: string
  name: string
  display_name: string
  agency_type: string
  is_government: boolean
  allowed_kinds: string[]
  created_at: Timestamp
  webhook_url: ColumnType<string | null, string | null | undefined, string | null>
  webhook_secret_enc: ColumnType<Buffer | null, Buffer | null | undefined, Buffer | null>
}

export interface ApiKeysTable {
  key_id: string
  key_hash: Buffer
  role: 'source' | 'officer' | 'relying_party' | 'department'
  source_id: string | null
  relying_party_id: ColumnType<string | null, string | null | undefined, string | null>
  department_id: ColumnType<string | null, string | null | undefined, string | null>
  label: string
  created_at: Timestamp
  revoked_at: Timestamp | null
}

export interface RelyingPartiesTable {
  relying_party_id: string
  name: string
  display_name: string
  party_type: string
  purposes: string[]
  created_at: Timestamp
}

export interface DepartmentsTable {
  department_id: string
  name: string
  display_name: string
  domains: string[]
  created_at: Timestamp
}

export interface ConsentsTable {
  subject_id: string
  consent_id: string
  relying_party_id: string
  purpose: string
  granted_at: Timestamp
  expires_at: Timestamp
  revoked_at: Timestamp | null
  recorded_by: string
  evidence: string
}

export interface AccountsTable {
  account_id: string
  username: string
  role: 'officer' | 'auditor' | 'subject' | 'source' | 'relying_party'
  /** the source a source account acts for (role 'source' only) */
  source_id: ColumnType<string | null, string | null | undefined, never>
  /** the relying party a relying party's account acts for (role 'relying_party' only) */
  relying_party_id: ColumnType<string | null, string | null | undefined, never>
  display_name: string
  password_hash: string
  created_at: Timestamp
}

/** A sign-in or registration throttle: attempts counted before they are checked, and when the next may come. */
export interface SignInThrottlesTable {
  throttle_key: Buffer
  failures: number
  last_attempt_at: Timestamp
  next_attempt_at: Timestamp
}

export interface ImportJobsTable {
  job_id: string
  source_id: string
  uploaded_by: string
  file_name: string
  format: 'csv' | 'ndjson'
  bytes_total: number
  bytes_read: number
  status: 'running' | 'done' | 'failed' | 'interrupted'
  /** the run of the job (a resumed job runs again) */
  attempt: Generated<number>
  accepted: number
  versioned: number
  unchanged: number
  rejected: number
  error: string | null
  started_at: Timestamp
  updated_at: Timestamp
  finished_at: Timestamp | null
}

export interface ImportRejectsTable {
  job_id: string
  line: number
  code: string
  pointer: string
  detail: string
  source_record_id: string | null
}

export interface EvidenceDocumentsTable {
  subject_id: string
  document_id: string
  name_enc: Buffer
  media_type: string
  size: number
  sha256: string
  content_enc: Buffer
  uploaded_at: Timestamp
  /** the account whose claim to the subject it was given for (identity evidence), or null (0030) */
  claim_account_id: Generated<string | null>
}

export interface ListCatalogueVersionsTable {
  list_catalogue_version: string
  published_on: string
  content: ColumnType<Record<string, unknown>, string, never>
  content_hash: string
  loaded_at: Timestamp
}

export interface SessionsTable {
  session_hash: Buffer
  account_id: string
  csrf_hash: Buffer
  created_at: Timestamp
  expires_at: Timestamp
}

export interface SubjectAccountsTable {
  subject_id: string
  account_id: string
  claimed_at: Timestamp
  verified_at: Timestamp | null
  verified_by: string | null
  /** a claim is verified or refused, never both (0030) */
  refused_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>
  refused_by: Generated<string | null>
  refusal_reason: Generated<string | null>
  /** the officer's words to the claimant, masked; never in the audit trail */
  refusal_note: Generated<string | null>
}

export interface SubjectsTable {
  subject_id: string
  subject_type: string
  uscc: string | null
  name: string | null
  person_id_enc: Buffer | null
  person_name_enc: Buffer | null
  person_id_masked: string | null
  division_code: string | null
  identifier_check_failed: boolean
  created_at: Timestamp
  /** an organisation's name in pinyin, letters and digits only (search: subjects/pinyin.ts) */
  name_pinyin: string | null
  /** its initials, the same way */
  name_initials: string | null
}

export interface RecordsTable {
  subject_id: string
  record_id: string
  version: number
  source_id: string
  source_record_id: string
  kind_code: string
  catalogue_version: string
  decided_on: string
  conduct_ended_on: string | null
  fields: ColumnType<Record<string, unknown>, string, never>
  content_hash: Buffer
  identifier_check_failed: boolean
  received_at: Timestamp
  /** set once, when the record left public display */
  taken_down_at: ColumnType<Date | null, never, Date | string>
  /** set once, when its fields were erased (fields is then {}): the row is a tombstone */
  erased_at: ColumnType<Date | null, never, Date | string>
}

export type ObjectionStatus =
  | 'open'
  | 'escalated'
  | 'verified'
  | 'corrected'
  | 'withdrawn'
  | 'upheld'
  | 'dismissed'
  | 'lapsed'

export interface ObjectionsTable {
  subject_id: string
  objection_id: string
  target_type: 'record' | 'list_entry'
  target_id: string
  target_version: number | null
  source_id: string | null
  filed_by_type: string
  filed_by_id: string
  filed_at: Timestamp
  due_on: string
  reasons: string
  evidence: ColumnType<unknown[], string, string>
  statement: string | null
  status: ObjectionStatus
  answer: ColumnType<Record<string, unknown> | null, string | null | undefined, string | null>
  answered_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>
  answered_version: ColumnType<number | null, number | null | undefined, number | null>
  escalated_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>
  overdue_noticed_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>
  erased_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>
}

export interface StepReason {
  step: string
  on: string
  by: string
  reasons: string
}

export interface ListEntriesTable {
  subject_id: string
  entry_id: string
  list_kind: string
  list_type: 'black' | 'red'
  area: string | null
  criterion: string
  basis_record_id: string
  status:
    | 'proposed'
    | 'noticed'
    | 'objection_filed'
    | 'heard'
    | 'active'
    | 'rejected'
    | 'expired'
    | 'removed_early'
    | 'annulled'
  proposed_on: string
  proposed_by: string
  noticed_on: string | null
  objection_window_ends_on: string | null
  objection_filed_on: string | null
  heard_on: string | null
  heard_by: string | null
  decided_on: string | null
  decided_by: string | null
  deciding_agency: string | null
  starts_on: string | null
  ends_on: string | null
  ended_on: string | null
  removal_condition: string | null
  removal_reported_on: string | null
  removal_due_on: string | null
  updated_at: Timestamp
  /** each officer's step with its reasons: { step, on, by, reasons }[] */
  step_reasons: ColumnType<StepReason[], string | undefined, string>
}

export interface RepairApplicationsTable {
  subject_id: string
  application_id: string
  target_type: 'record' | 'list_entry'
  target_id: string
  kind: string
  status: 'submitted' | 'feedback_given' | 'approved' | 'refused'
  applied_at: Timestamp
  applied_on: string
  statement: string
  evidence: ColumnType<unknown[], string, string>
  feedback_due_on: string
  feedback_on: string | null
  feedback: string | null
  decision_due_on: string | null
  decided_on: string | null
  decided_by: string | null
  decision_reasons: string | null
  take_down_due_on: string | null
  taken_down_on: string | null
}

export interface NoticesTable {
  subject_id: string
  notice_id: string
  /** insertion order (notices of one transaction share their time) */
  seq: Generated<number>
  created_at: Timestamp
  kind: string
  object_type: string
  object_id: string
  body: ColumnType<Record<string, unknown>, string, never>
}

export interface WebhookDeliveriesTable {
  subject_id: string
  delivery_id: string
  source_id: string
  event: string
  body: ColumnType<Record<string, unknown>, string, never>
  created_at: Timestamp
  attempts: ColumnType<number, number | undefined, number>
  next_attempt_at: Timestamp
  delivered_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>
  last_error: ColumnType<string | null, string | null | undefined, string | null>
}

export interface AuditEventsTable {
  seq: Generated<number>
  occurred_at: Timestamp
  actor_type: string
  actor_id: string
  action: string
  subject_id: string | null
  object_type: string
  object_id: string
  payload: ColumnType<Record<string, unknown>, string, never>
  /** the writing transaction's id (xid8, as text), set by the database */
  xid: ColumnType<string, never, never>
}

export interface LogStateTable {
  id: ColumnType<boolean, never, never>
  size: number
  cursor_xid: string
  cursor_seq: number
}

export interface LogLeavesTable {
  leaf_index: number
  seq: number
}

export interface LogNodesTable {
  level: number
  idx: number
  hash: Buffer
}

export interface ScoreModelsTable {
  model_id: string
  name: string
  version: number
  purpose: string
  content: ColumnType<Record<string, unknown>, string, never>
  content_hash: string
  status: 'published' | 'withdrawn'
  published_at: Timestamp
  published_by: string
  withdrawn_at: ColumnType<Date | null, never, Date | string>
  published_reasons: ColumnType<string, string | undefined, never>
  withdrawn_reasons: ColumnType<string | null, never, string>
}

/** A score Fides gave (migration 0034): its month, card and each feature's bin, for the model's stability report. */
export interface GivenScoresTable {
  subject_id: string
  score_id: string
  model_id: string
  scored_at: Timestamp
  /** YYYY-MM, China's calendar */
  scored_month: string
  score: number
  card: number
  /** the bin of each of the card's features, in the card's order */
  bins: ColumnType<number[], string, never>
}

export interface RatingsTable {
  subject_id: string
  model_code: string
  model_version: string
  rated_on: string
  rated_at: Timestamp
  score: ColumnType<string, number | string, number | string>
  grade: string
  tier: string
  reasons: ColumnType<unknown[], string, string>
}

export interface RatingStateTable {
  model_code: string
  cursor_xid: ColumnType<string, string | undefined, string>
  cursor_seq: ColumnType<string, number | undefined, number>
  full_pass_on: string | null
}

export interface LogCheckpointsTable {
  size: number
  root: Buffer
  note: string
  signed_at: Timestamp
}

export interface LogCosignaturesTable {
  size: number
  witness: string
  line: string
  cosigned_at: Timestamp
}

export interface Schema {
  catalogue_versions: CatalogueVersionsTable
  sources: SourcesTable
  api_keys: ApiKeysTable
  relying_parties: RelyingPartiesTable
  departments: DepartmentsTable
  consents: ConsentsTable
  accounts: AccountsTable
  sessions: SessionsTable
  sign_in_throttles: SignInThrottlesTable
  import_jobs: ImportJobsTable
  import_rejects: ImportRejectsTable
  evidence_documents: EvidenceDocumentsTable
  list_catalogue_versions: ListCatalogueVersionsTable
  subject_accounts: SubjectAccountsTable
  subjects: SubjectsTable
  records: RecordsTable
  objections: ObjectionsTable
  notices: NoticesTable
  list_entries: ListEntriesTable
  repair_applications: RepairApplicationsTable
  score_models: ScoreModelsTable
  given_scores: GivenScoresTable
  ratings: RatingsTable
  rating_state: RatingStateTable
  webhook_deliveries: WebhookDeliveriesTable
  audit_events: AuditEventsTable
  log_state: LogStateTable
  log_leaves: LogLeavesTable
  log_nodes: LogNodesTable
  log_checkpoints: LogCheckpointsTable
  log_cosignatures: LogCosignaturesTable
}

/**
 * How each table is placed on a Citus cluster.
 * - by-subject: distributed on subject_id; every key starts with subject_id, so one subject's rows
 *   live on one shard and a credit file is a single-shard query.
 * - reference: small tables copied to every node (catalogues, sources, keys).
 * - global-log: one totally ordered append-only log (the audit trail feeds the transparency log,
 *   which needs a single order); it stays on the coordinator and is partitioned by range of seq.
 * - coordinator: the platform's own working rows (upload jobs and their rejects), never joined with
 *   per-subject data: local tables on the coordinator, like the log.
 */
export type Distribution = 'by-subject' | 'reference' | 'global-log' | 'coordinator'

export const distribution: Record<keyof Schema, Distribution> = {
  catalogue_versions: 'reference',
  sources: 'reference',
  api_keys: 'reference',
  relying_parties: 'reference',
  departments: 'reference',
  consents: 'by-subject',
  accounts: 'reference',
  sessions: 'reference',
  sign_in_throttles: 'coordinator',
  import_jobs: 'coordinator',
  import_rejects: 'coordinator',
  evidence_documents: 'by-subject',
  list_catalogue_versions: 'reference',
  subject_accounts: 'by-subject',
  subjects: 'by-subject',
  records: 'by-subject',
  objections: 'by-subject',
  notices: 'by-subject',
  list_entries: 'by-subject',
  repair_applications: 'by-subject',
  score_models: 'reference',
  given_scores: 'by-subject',
  ratings: 'by-subject',
  rating_state: 'reference',
  webhook_deliveries: 'by-subject',
  audit_events: 'global-log',
  log_state: 'global-log',
  log_leaves: 'global-log',
  log_nodes: 'global-log',
  log_checkpoints: 'global-log',
  log_cosignatures: 'global-log',
}

/**
 * The one owner of each table: the only code whose SQL names it is that module's `*.repository.ts`
 * files (audit_events: platform/audit.ts). Other modules read and write a table through the query
 * functions and pieces its owner exports from its index.ts; test/structure.test.ts keeps it so, and
 * lists the few statements that must span owners, each with its reason. Usually the owner is the module
 * that writes the table.
 */
export const owner: Record<keyof Schema, string> = {
  catalogue_versions: 'modules/catalogue',
  // the parties that hold API keys, and their keys
  sources: 'modules/sources',
  api_keys: 'modules/sources',
  relying_parties: 'modules/sources',
  departments: 'modules/sources',
  consents: 'modules/access',
  accounts: 'modules/access',
  sessions: 'modules/access',
  sign_in_throttles: 'modules/access',
  import_jobs: 'modules/imports',
  import_rejects: 'modules/imports',
  evidence_documents: 'modules/evidence',
  list_catalogue_versions: 'modules/lists',
  subject_accounts: 'modules/access',
  subjects: 'modules/subjects',
  records: 'modules/records',
  objections: 'modules/objections',
  notices: 'modules/notices',
  list_entries: 'modules/lists',
  repair_applications: 'modules/repair',
  score_models: 'modules/scoring',
  given_scores: 'modules/scoring',
  ratings: 'modules/ratings',
  rating_state: 'modules/ratings',
  webhook_deliveries: 'modules/sources',
  audit_events: 'platform/audit.ts',
  log_state: 'modules/transparency',
  log_leaves: 'modules/transparency',
  log_nodes: 'modules/transparency',
  log_checkpoints: 'modules/transparency',
  log_cosignatures: 'modules/transparency',
}

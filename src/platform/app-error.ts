/**
 * One error model for the whole service: a closed union of stable dotted codes, one table mapping
 * each to an HTTP status, and RFC 9457 problem+json on the way out. The offending field is named by a
 * JSON pointer into the request. Messages never contain personal identifiers.
 */
export const errorStatus = {
  'request.invalid': 400,
  'request.unsupported_media_type': 415,
  'request.too_large': 413,
  'request.rate_limited': 429,
  'route.not_found': 404,
  'auth.missing_credentials': 401,
  'auth.invalid_credentials': 401,
  'auth.forbidden': 403,
  'auth.csrf': 403,
  /** too many sign-in (or registration) attempts from this address or for this username: wait Retry-After seconds */
  'auth.throttled': 429,
  'account.not_verified': 403,
  'account.username_taken': 409,
  'account.weak_password': 422,
  'account.not_found': 404,
  /** the subject has a verified account already: an officer confirms another with a reason */
  'account.subject_already_verified': 409,
  /** the claim was verified or refused already: an officer decides a claim once */
  'account.claim_settled': 409,
  /** a claim holds as many identity documents as it may */
  'account.claim_documents_full': 409,
  'catalogue.version_not_found': 404,
  'subject.invalid_uscc': 422,
  'subject.invalid_resident_id': 422,
  'subject.missing_identifier': 422,
  'subject.not_found': 404,
  'record.kind_not_in_catalogue': 422,
  'record.kind_not_authorised': 403,
  'record.subject_type_not_applicable': 422,
  'record.invalid_fields': 422,
  'record.invalid_envelope': 422,
  'record.date_in_future': 422,
  /** conductEndedOn after decidedOn, for a kind whose decision sanctions conduct that had ended */
  'record.date_order': 422,
  /** a free-text field or a name carries an identifier (identity number, USCC, passport) that has a field of its own */
  'record.identifier_in_text': 422,
  /** a number beyond what is stored exactly (an integer past 2^53 - 1, or more digits than a double keeps) */
  'record.inexact_number': 400,
  'record.batch_too_large': 413,
  'import.not_found': 404,
  'import.empty': 422,
  'evidence.empty': 422,
  /** the document's bytes are not the type it is sent as (its signature or end marker) */
  'evidence.content_mismatch': 400,
  'evidence.unknown_document': 422,
  'evidence.not_found': 404,
  'record.retention_expired': 422,
  'record.not_found': 404,
  'objection.not_found': 404,
  'objection.already_undecided': 409,
  'objection.item_erased': 409,
  'objection.item_withdrawn': 409,
  'objection.decided': 409,
  'objection.not_escalated': 409,
  'objection.decide_on_the_entry': 409,
  'list.kind_unknown': 400,
  'list.entry_not_found': 404,
  'list.refused': 409,
  'list.basis_not_effective': 409,
  'list.agency_not_allowed': 422,
  'check.domain_not_registered': 403,
  'rating.not_found': 404,
  'rating.not_public': 404,
  'model.invalid': 400,
  'model.protected_feature': 422,
  'model.input_not_allowed': 422,
  'model.purpose_not_for_scores': 400,
  'model.not_found': 404,
  'model.already_withdrawn': 409,
  'score.purpose_not_for_scores': 400,
  'score.no_model': 404,
  'score.bad_features': 400,
  'score.protected_feature': 422,
  'score.feature_from_file': 422,
  'repair.not_found': 404,
  'repair.not_repairable': 409,
  'repair.too_early': 409,
  'repair.pending': 409,
  'repair.wrong_step': 409,
  'objection.correction_unchanged': 422,
  'objection.correction_other_record': 422,
  'source.webhook_invalid': 422,
  'source.not_found': 404,
  'access.purpose_unknown': 400,
  'access.purpose_not_registered': 403,
  'access.purpose_not_for_subject': 403,
  'access.consent_required': 403,
  'consent.invalid': 422,
  'consent.not_found': 404,
  'relying_party.not_found': 404,
  'relying_party.name_taken': 409,
  'department.name_taken': 409,
  'department.domain_unknown': 400,
  'log.size_unknown': 400,
  'log.leaf_unknown': 400,
  'log.not_ready': 503,
  'log.tile_not_found': 404,
  'source.name_taken': 409,
  'text.forbidden_category': 422,
  /** a control character (NUL and the like) in a text field */
  'text.control_character': 422,
  'parse.invalid_json': 400,
  'parse.not_an_object': 400,
  'parse.line_too_long': 413,
  'parse.unterminated_quote': 400,
  'parse.field_count': 400,
  'parse.invalid_encoding': 400,
  'parse.empty_header': 400,
  'parse.duplicate_header': 400,
  'parse.inexact_number': 400,
  internal: 500,
} as const

export type ErrorCode = keyof typeof errorStatus

/** One thing wrong with the input: where (RFC 6901 pointer into the request) and what. */
export interface FieldProblem {
  pointer: string
  detail: string
  /** the schema rule the value broke, for a client to say it in its reader's words (no English to parse) */
  rule?: FieldRule
}

/** A broken schema rule: its JSON Schema keyword and the bound or the values it allows. */
export interface FieldRule {
  keyword: string
  /** minLength, maxLength, minimum, maximum, minItems, maxItems */
  limit?: number
  /** format: date, date-time, uuid, email ... */
  format?: string
  /** enum and const: the values allowed */
  allowed?: readonly string[]
}

export class AppError extends Error {
  readonly code: ErrorCode
  readonly problems: readonly FieldProblem[]
  /** sent as Retry-After (whole seconds) with a 429 or 503 */
  readonly retryAfterSeconds: number | undefined

  constructor(
    code: ErrorCode,
    message: string,
    problems: readonly FieldProblem[] = [],
    options: { retryAfterSeconds?: number } = {},
  ) {
    super(message)
    this.name = 'AppError'
    this.code = code
    this.problems = problems
    this.retryAfterSeconds = options.retryAfterSeconds
  }

  get status(): number {
    return errorStatus[this.code]
  }
}

export interface ProblemDocument {
  type: string
  title: string
  status: number
  detail: string
  code: ErrorCode
  instance?: string
  errors: FieldProblem[]
}

export function problemType(code: ErrorCode): string {
  return `urn:fides:problem:${code}`
}

const titles: Partial<Record<ErrorCode, string>> = {
  internal: 'Internal error',
  'auth.missing_credentials': 'Credentials required',
  'auth.invalid_credentials': 'Invalid credentials',
  'auth.forbidden': 'Not allowed',
}

export function toProblem(error: AppError, instance?: string): ProblemDocument {
  const problem: ProblemDocument = {
    type: problemType(error.code),
    title: titles[error.code] ?? error.code.replace(/[._]/g, ' '),
    status: error.status,
    detail: error.message,
    code: error.code,
    errors: [...error.problems],
  }
  if (instance !== undefined) problem.instance = instance
  return problem
}

/** Escapes one reference token of a JSON pointer (RFC 6901). */
export function pointerToken(token: string | number): string {
  return String(token).replace(/~/g, '~0').replace(/\//g, '~1')
}

export function pointer(...tokens: (string | number)[]): string {
  return tokens.map((t) => '/' + pointerToken(t)).join('')
}

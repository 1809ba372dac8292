/**
 * Credit records: the envelope every record shares, its validation against the catalogue and the
 * submitting source's authorisation, and the identities that make ingestion idempotent.
 * Pure: no I/O, time comes in as `today`.
 */
import { AppError, pointer, type FieldProblem } from '../../platform/app-error.ts'
import { chinaDate, parseIsoDate } from '../../platform/calendar.ts'
import { hasControlCharacter } from '../../platform/text.ts'
import { canonicalJson, sha256Hex, uuidFromHex, type Keys } from '../../platform/crypto.ts'
import type { SourcePrincipal } from '../../platform/principal.ts'
import { erasureDueOn, type ActiveCatalogue, type RecordKind, type TextElement } from '../catalogue/index.ts'
import { readSubjectIdentity, subjectIdOf, type SubjectIdentity } from '../subjects/index.ts'
import { findIdentifierInText, maskFreeText, maskResidentId, type IdentifierInText } from '../identifiers/index.ts'

/** A record as a source submits it (JSON API and NDJSON lines). */
export interface RecordEnvelope {
  sourceRecordId: string
  kind: string
  subject: { uscc: string; name: string } | { residentId: string; name: string }
  decidedOn: string
  conductEndedOn?: string | null
  fields: Record<string, unknown>
}

export interface ValidRecord {
  sourceRecordId: string
  kind: RecordKind
  subject: SubjectIdentity
  subjectId: string
  recordId: string
  decidedOn: string
  conductEndedOn: string | null
  /** the fields as canonical JSON (keys sorted): what is stored and hashed (the parsed object is not kept) */
  fieldsJson: string
  /** SHA-256 of the content, hex */
  contentHash: string
  identifierCheckFailed: boolean
}

export interface ValidationContext {
  catalogue: ActiveCatalogue
  source: SourcePrincipal
  keys: Keys
  today: Date
  /** identifier → subject id, reused within one ingest: a file holds each subject ~10 times (bounded) */
  subjectIds?: Map<string, string>
}

const SUBJECT_ID_CACHE_LIMIT = 100_000

function subjectIdFor(ctx: ValidationContext, subject: SubjectIdentity): string {
  const key = subject.kind === 'organisation' ? 'o' + subject.uscc : 'p' + subject.residentId
  let id = ctx.subjectIds?.get(key)
  if (id === undefined) {
    id = subjectIdOf(ctx.keys.index, subject)
    if (ctx.subjectIds) {
      if (ctx.subjectIds.size >= SUBJECT_ID_CACHE_LIMIT) ctx.subjectIds.clear()
      ctx.subjectIds.set(key, id)
    }
  }
  return id
}

/**
 * What a decision's status says, for the kinds that record one (`decisionStatus`): revoked on review or
 * appeal, or confirmed unlawful or void, the decision no longer stands and nothing may rest on it;
 * `varied` is a decision that stands, changed.
 */
export const DECISIONS_NO_LONGER_STANDING: ReadonlySet<string> = new Set([
  'revoked',
  'confirmed_unlawful',
  'confirmed_void',
])

/** Whether the decision a record's fields describe still stands (a kind without `decisionStatus`: always). */
export function decisionStands(fields: Readonly<Record<string, unknown>>): boolean {
  return typeof fields.decisionStatus !== 'string' || !DECISIONS_NO_LONGER_STANDING.has(fields.decisionStatus)
}

/**
 * Why a record stopped holding as the basis of what rests on it: withdrawn by its source or taken back
 * by an officer's decision on an objection; corrected by its source in answer to an objection (the
 * facts relied on were admitted wrong); a new version saying its decision no longer stands; erased at
 * the end of its retention period.
 */
export type RecordLapse = 'withdrawn' | 'corrected' | 'revoked' | 'erased'

export interface LapsedRecord {
  subjectId: string
  recordId: string
  lapse: RecordLapse
}

/** A real calendar date written YYYY-MM-DD, from 1900 on. */
export function isRealDate(value: string): boolean {
  const date = parseIsoDate(value)
  return date !== undefined && date.year >= 1900
}

/** A record's identity: one per (subject, source, source record id); versions share it. */
export function recordIdOf(subjectId: string, sourceId: string, sourceRecordId: string): string {
  return uuidFromHex(sha256Hex(`record\u0000${subjectId}\u0000${sourceId}\u0000${sourceRecordId}`))
}

/**
 * The content whose hash decides "same again" (a no-op) from "changed" (a new version): the kind,
 * the subject, the dates and the canonical (key-sorted) JSON of the fields, which is also what is stored.
 */
export function contentHashOf(record: {
  kind: string
  subjectKey: string
  decidedOn: string
  conductEndedOn: string | null
  fieldsJson: string
}): string {
  return sha256Hex(
    `${record.kind}\u0000${record.subjectKey}\u0000${record.decidedOn}\u0000${record.conductEndedOn ?? ''}\u0000${record.fieldsJson}`,
  )
}

const SOURCE_RECORD_ID = /^[\p{L}\p{N}._:/#-]{1,128}$/u

/** A source record id that may be stored and shown (well formed, no identity number in it). */
export function isSafeSourceRecordId(id: unknown): id is string {
  return typeof id === 'string' && SOURCE_RECORD_ID.test(id) && !holdsResidentId(id)
}

/**
 * `text` with every run shaped like a resident identity number (17 digits and a digit or X) masked,
 * check character or not: for messages that quote what a source sent (a refused line's reasons).
 */
export function maskResidentIdsIn(text: string): string {
  return text.replace(/\d{17}[\dXx]/g, (run) => maskResidentId(run))
}

/** True if `text` holds a resident identity number with a valid check character, however written and wherever it sits. */
export function holdsResidentId(text: string): boolean {
  return findIdentifierInText(text, { residentIdOnly: true }) !== undefined
}

const IDENTIFIER_WORDS: Readonly<Record<IdentifierInText, string>> = {
  resident_id: 'a resident identity number',
  uscc: 'a Unified Social Credit Code',
  passport: 'a passport or travel permit number',
}

/**
 * The first text of the record that carries an identifier (identifiers/identifiers-in-text.ts) as a
 * problem naming the field: the subject's name and the kind's prose and name elements may hold none;
 * its identifier elements (case numbers, licence numbers) no resident identity number.
 */
function identifierInText(
  name: string,
  fields: Record<string, unknown>,
  elements: readonly TextElement[],
): FieldProblem | undefined {
  const inName = findIdentifierInText(name)
  if (inName !== undefined) return { pointer: '/subject/name', detail: `holds ${IDENTIFIER_WORDS[inName]}` }
  for (const { code, residentIdOnly } of elements) {
    const text = fields[code]
    if (typeof text !== 'string') continue
    const found = findIdentifierInText(text, { residentIdOnly })
    if (found !== undefined) return { pointer: '/fields' + pointer(code), detail: `holds ${IDENTIFIER_WORDS[found]}` }
  }
  return undefined
}

type TextFault = 'control_character' | 'unpaired_surrogate'

/**
 * The first string (or key) inside `value` that no field may hold, as a JSON pointer and what is wrong:
 * a control character (NUL and the like; prose keeps its tabs and line breaks), or a lone UTF-16
 * surrogate, which is not Unicode text and PostgreSQL cannot store.
 */
export function findBadText(value: unknown, at = ''): { pointer: string; fault: TextFault } | undefined {
  const found = badTextPath(value)
  return found === undefined ? undefined : { pointer: at + pointer(...found.path), fault: found.fault }
}

function textFault(text: string): TextFault | undefined {
  if (hasControlCharacter(text, { allowLineBreaks: true })) return 'control_character'
  return text.isWellFormed() ? undefined : 'unpaired_surrogate'
}

function badTextPath(value: unknown): { path: string[]; fault: TextFault } | undefined {
  if (typeof value === 'string') {
    const fault = textFault(value)
    return fault === undefined ? undefined : { path: [], fault }
  }
  if (value === null || typeof value !== 'object') return undefined
  for (const key of Object.keys(value)) {
    const fault = textFault(key)
    if (fault !== undefined) return { path: [key], fault }
    const inner = badTextPath((value as Record<string, unknown>)[key])
    if (inner !== undefined) return { path: [key, ...inner.path], fault: inner.fault }
  }
  return undefined
}

/**
 * The fields with identity numbers, mobile and card numbers and persons' names masked in the kind's free-text
 * elements (a person's own name too, wherever it stands); the same object when there is nothing to mask.
 */
export function withFreeTextMasked(
  fields: Record<string, unknown>,
  freeText: readonly string[],
  subject: SubjectIdentity,
): Record<string, unknown> {
  let out: Record<string, unknown> | undefined
  const personNames = subject.kind === 'person' ? [subject.name] : undefined
  for (const code of freeText) {
    const text = fields[code]
    if (typeof text !== 'string') continue
    const masked = maskFreeText(text, personNames ? { personNames } : {})
    if (masked.text !== text) (out ??= { ...fields })[code] = masked.text
  }
  return out ?? fields
}

/** Validates one submitted record. Returns the record ready to store, or the error that refuses it. */
export function validateRecord(input: unknown, ctx: ValidationContext): ValidRecord | AppError {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return new AppError('record.invalid_envelope', 'a record must be a JSON object', [
      { pointer: '', detail: 'expected an object' },
    ])
  }
  const value = input as Record<string, unknown>
  const problems: FieldProblem[] = []
  const sourceRecordId = value.sourceRecordId
  if (typeof sourceRecordId !== 'string' || !SOURCE_RECORD_ID.test(sourceRecordId)) {
    problems.push({ pointer: '/sourceRecordId', detail: '1-128 letters, digits or . _ : / # -' })
  } else if (holdsResidentId(sourceRecordId)) {
    // it goes into audit events, which are kept and logged forever: no identity number may ride in it
    problems.push({ pointer: '/sourceRecordId', detail: 'may not contain a resident identity number' })
  }
  if (typeof value.kind !== 'string' || value.kind === '') problems.push({ pointer: '/kind', detail: 'required' })
  if (typeof value.decidedOn !== 'string' || !isRealDate(value.decidedOn))
    problems.push({ pointer: '/decidedOn', detail: 'a real date, YYYY-MM-DD' })
  const conductEndedOn = value.conductEndedOn ?? null
  if (conductEndedOn !== null && (typeof conductEndedOn !== 'string' || !isRealDate(conductEndedOn))) {
    problems.push({ pointer: '/conductEndedOn', detail: 'a real date, YYYY-MM-DD, or absent' })
  }
  const fields = value.fields
  if (typeof fields !== 'object' || fields === null || Array.isArray(fields))
    problems.push({ pointer: '/fields', detail: 'expected an object' })
  for (const key of Object.keys(value)) {
    if (!['sourceRecordId', 'kind', 'subject', 'decidedOn', 'conductEndedOn', 'fields'].includes(key))
      problems.push({ pointer: '/' + key, detail: 'unknown property' })
  }
  if (problems.length > 0) return new AppError('record.invalid_envelope', 'the record envelope is not valid', problems)

  const kind = ctx.catalogue.kinds.get(value.kind as string)
  if (!kind) {
    return new AppError(
      'record.kind_not_in_catalogue',
      `kind "${String(value.kind).slice(0, 64)}" is not in catalogue ${ctx.catalogue.version}`,
      [{ pointer: '/kind', detail: 'not in the catalogue' }],
    )
  }
  if (!ctx.source.allowedKinds.has(kind.code)) {
    return new AppError(
      'record.kind_not_authorised',
      `source ${ctx.source.name} is not authorised to submit ${kind.code}`,
      [{ pointer: '/kind', detail: 'not authorised for this source' }],
    )
  }
  // today in China, where the decisions are taken: between 00:00 and 08:00 there the UTC date is yesterday
  const today = chinaDate(ctx.today)
  const decidedOn = value.decidedOn as string
  if (decidedOn > today)
    return new AppError('record.date_in_future', 'decidedOn is in the future', [
      { pointer: '/decidedOn', detail: 'after today (China Standard Time)' },
    ])
  if (conductEndedOn !== null && (conductEndedOn as string) > today) {
    return new AppError('record.date_in_future', 'conductEndedOn is in the future', [
      { pointer: '/conductEndedOn', detail: 'after today (China Standard Time)' },
    ])
  }
  // a decision counted from itself sanctions conduct that had ended (or goes on, with no end date yet);
  // a kind counted from the end of the conduct records conduct that ends after it: payment, repayment, removal
  if (kind.retention.from === 'decision' && conductEndedOn !== null && (conductEndedOn as string) > decidedOn) {
    return new AppError(
      'record.date_order',
      `the conduct a ${kind.code} decision sanctions ended before the decision: conductEndedOn is after decidedOn`,
      [{ pointer: '/conductEndedOn', detail: 'after decidedOn' }],
    )
  }

  // a record past its retention period would be erased on arrival: it is not taken in at all
  const erasureDue = erasureDueOn(kind, { decidedOn, conductEndedOn: conductEndedOn as string | null })
  if (erasureDue !== null && today >= erasureDue) {
    const pointer = kind.retention.from === 'conduct_end' && conductEndedOn !== null ? '/conductEndedOn' : '/decidedOn'
    return new AppError(
      'record.retention_expired',
      `${kind.code} is kept for ${kind.retention.period} from the ${pointer === '/decidedOn' ? 'decision' : 'end of the conduct'}; this record's retention ended on ${erasureDue}`,
      [{ pointer, detail: 'past the retention period' }],
    )
  }

  const subject = readSubjectIdentity(value.subject, '/subject', { today: ctx.today, mayFlag: ctx.source.isGovernment })
  if (subject instanceof AppError) return subject
  if (!kind.subjectTypes.includes(subject.subjectType)) {
    return new AppError(
      'record.subject_type_not_applicable',
      `${kind.code} does not apply to a subject of type ${subject.subjectType}`,
      [{ pointer: '/subject', detail: `applies to: ${kind.subjectTypes.join(', ')}` }],
    )
  }
  const badText = findBadText(fields, '/fields')
  if (badText?.fault === 'control_character') {
    return new AppError(
      'text.control_character',
      'text may not contain control characters (NUL and the like; tabs and line breaks may stand in prose)',
      [{ pointer: badText.pointer, detail: 'control character' }],
    )
  }
  if (badText !== undefined) {
    return new AppError('record.invalid_fields', 'text may not contain unpaired surrogates', [
      { pointer: badText.pointer, detail: 'not storable text' },
    ])
  }
  const fieldErrors = ctx.catalogue.validateFields(kind.code, fields)
  if (fieldErrors.length > 0) {
    return new AppError(
      'record.invalid_fields',
      `fields do not match the schema of ${kind.code}`,
      fieldErrors.map((e) => ({ pointer: '/fields' + e.pointer, detail: e.message })),
    )
  }

  const identifier = identifierInText(
    subject.name,
    fields as Record<string, unknown>,
    ctx.catalogue.textElements(kind.code),
  )
  if (identifier !== undefined) {
    return new AppError(
      'record.identifier_in_text',
      "an identifier may stand only in its own field (the subject's, encrypted and masked), never in a name or free text",
      [identifier],
    )
  }

  const subjectId = subjectIdFor(ctx, subject)
  const subjectKey = subject.kind === 'organisation' ? subject.uscc : subjectId
  const fieldsJson = canonicalJson(
    withFreeTextMasked(fields as Record<string, unknown>, ctx.catalogue.freeTextElements(kind.code), subject),
  )
  return {
    sourceRecordId: sourceRecordId as string,
    kind,
    subject,
    subjectId,
    recordId: recordIdOf(subjectId, ctx.source.sourceId, sourceRecordId as string),
    decidedOn,
    conductEndedOn: conductEndedOn as string | null,
    fieldsJson,
    contentHash: contentHashOf({
      kind: kind.code,
      subjectKey,
      decidedOn,
      conductEndedOn: conductEndedOn as string | null,
      fieldsJson,
    }),
    identifierCheckFailed: subject.identifierCheckFailed,
  }
}

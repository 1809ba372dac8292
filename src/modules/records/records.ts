/**
 * Credit records: the envelope every record shares, its validation against the catalogue and the
 * submitting source's authorisation, and the identities that make ingestion idempotent.
 * Pure: no I/O, time comes in as `today`.
 */
import { AppError, type FieldProblem } from '../../platform/app-error.ts'
import { canonicalJson, sha256, uuidFromDigest, type Keys } from '../../platform/crypto.ts'
import type { SourcePrincipal } from '../../platform/principal.ts'
import type { ActiveCatalogue, RecordKind } from '../catalogue/index.ts'
import { readSubjectIdentity, subjectIdOf, type SubjectIdentity } from '../subjects/index.ts'

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
  fields: Record<string, unknown>
  contentHash: Buffer
  identifierCheckFailed: boolean
}

export interface ValidationContext {
  catalogue: ActiveCatalogue
  source: SourcePrincipal
  keys: Keys
  today: Date
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/

export function isRealDate(value: string): boolean {
  const m = DATE.exec(value)
  if (!m) return false
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
  const date = new Date(Date.UTC(y, mo - 1, d))
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d && y >= 1900
}

/** A record's identity: one per (subject, source, source record id); versions share it. */
export function recordIdOf(subjectId: string, sourceId: string, sourceRecordId: string): string {
  return uuidFromDigest(sha256(`record\u0000${subjectId}\u0000${sourceId}\u0000${sourceRecordId}`))
}

/** The content whose hash decides "same again" (a no-op) from "changed" (a new version). */
export function contentHashOf(record: { kind: string; subjectKey: string; decidedOn: string; conductEndedOn: string | null; fields: Record<string, unknown> }): Buffer {
  return sha256(canonicalJson(record))
}

const SOURCE_RECORD_ID = /^[\p{L}\p{N}._:/#-]{1,128}$/u

/** Validates one submitted record. Returns the record ready to store, or the error that refuses it. */
export function validateRecord(input: unknown, ctx: ValidationContext): ValidRecord | AppError {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return new AppError('record.invalid_envelope', 'a record must be a JSON object', [{ pointer: '', detail: 'expected an object' }])
  }
  const value = input as Record<string, unknown>
  const problems: FieldProblem[] = []
  const sourceRecordId = value.sourceRecordId
  if (typeof sourceRecordId !== 'string' || !SOURCE_RECORD_ID.test(sourceRecordId)) {
    problems.push({ pointer: '/sourceRecordId', detail: '1-128 letters, digits or . _ : / # -' })
  }
  if (typeof value.kind !== 'string' || value.kind === '') problems.push({ pointer: '/kind', detail: 'required' })
  if (typeof value.decidedOn !== 'string' || !isRealDate(value.decidedOn)) problems.push({ pointer: '/decidedOn', detail: 'a real date, YYYY-MM-DD' })
  const conductEndedOn = value.conductEndedOn ?? null
  if (conductEndedOn !== null && (typeof conductEndedOn !== 'string' || !isRealDate(conductEndedOn))) {
    problems.push({ pointer: '/conductEndedOn', detail: 'a real date, YYYY-MM-DD, or absent' })
  }
  const fields = value.fields
  if (typeof fields !== 'object' || fields === null || Array.isArray(fields)) problems.push({ pointer: '/fields', detail: 'expected an object' })
  for (const key of Object.keys(value)) {
    if (!['sourceRecordId', 'kind', 'subject', 'decidedOn', 'conductEndedOn', 'fields'].includes(key)) problems.push({ pointer: '/' + key, detail: 'unknown property' })
  }
  if (problems.length > 0) return new AppError('record.invalid_envelope', 'the record envelope is not valid', problems)

  const kind = ctx.catalogue.kinds.get(value.kind as string)
  if (!kind) {
    return new AppError('record.kind_not_in_catalogue', `kind "${String(value.kind).slice(0, 64)}" is not in catalogue ${ctx.catalogue.version}`, [{ pointer: '/kind', detail: 'not in the catalogue' }])
  }
  if (!ctx.source.allowedKinds.has(kind.code)) {
    return new AppError('record.kind_not_authorised', `source ${ctx.source.name} is not authorised to submit ${kind.code}`, [{ pointer: '/kind', detail: 'not authorised for this source' }])
  }
  const today = ctx.today.toISOString().slice(0, 10)
  const decidedOn = value.decidedOn as string
  if (decidedOn > today) return new AppError('record.date_in_future', 'decidedOn is in the future', [{ pointer: '/decidedOn', detail: 'after today' }])
  if (conductEndedOn !== null && (conductEndedOn as string) > today) {
    return new AppError('record.date_in_future', 'conductEndedOn is in the future', [{ pointer: '/conductEndedOn', detail: 'after today' }])
  }

  const subject = readSubjectIdentity(value.subject, '/subject', { today: ctx.today, mayFlag: ctx.source.isGovernment })
  if (subject instanceof AppError) return subject
  if (!kind.subjectTypes.includes(subject.subjectType)) {
    return new AppError('record.subject_type_not_applicable', `${kind.code} does not apply to a subject of type ${subject.subjectType}`, [{ pointer: '/subject', detail: `applies to: ${kind.subjectTypes.join(', ')}` }])
  }
  const fieldErrors = ctx.catalogue.validateFields(kind.code, fields)
  if (fieldErrors.length > 0) {
    return new AppError('record.invalid_fields', `fields do not match the schema of ${kind.code}`, fieldErrors.map((e) => ({ pointer: '/fields' + e.pointer, detail: e.message })))
  }

  const subjectId = subjectIdOf(ctx.keys.index, subject)
  const subjectKey = subject.kind === 'organisation' ? subject.uscc : subjectId
  const content = { kind: kind.code, subjectKey, decidedOn, conductEndedOn: conductEndedOn as string | null, fields: fields as Record<string, unknown> }
  return {
    sourceRecordId: sourceRecordId as string,
    kind,
    subject,
    subjectId,
    recordId: recordIdOf(subjectId, ctx.source.sourceId, sourceRecordId as string),
    decidedOn,
    conductEndedOn: conductEndedOn as string | null,
    fields: fields as Record<string, unknown>,
    contentHash: contentHashOf(content),
    identifierCheckFailed: subject.identifierCheckFailed,
  }
}

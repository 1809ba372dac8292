/**
 * Subjects: organisations (keyed by USCC) and natural persons (keyed by resident identity number).
 * A subject's id is derived, not looked up: a keyed HMAC of its identifier, formatted as a UUID. It is
 * a pseudonym (it reveals nothing without the index key), it is the same on every node, and it lets a
 * bulk import compute every id without a round trip — and it is what the Citus cluster shards on.
 */
import { AppError, pointer, type FieldProblem } from '../../platform/app-error.ts'
import { hmac, uuidFromDigest } from '../../platform/crypto.ts'
import { hasControlCharacter } from '../../platform/text.ts'
import { organisationTypeOf, parseResidentId, parseUscc, type OrganisationType } from '../identifiers/index.ts'

export type SubjectType = OrganisationType | 'person'

export type SubjectIdentity =
  | {
      kind: 'organisation'
      subjectType: OrganisationType
      uscc: string
      name: string
      divisionCode: string
      identifierCheckFailed: boolean
    }
  | {
      kind: 'person'
      subjectType: 'person'
      residentId: string
      name: string
      divisionCode: string
      identifierCheckFailed: boolean
    }

export function subjectIdOf(
  indexKey: Buffer,
  identity: { kind: 'organisation'; uscc: string } | { kind: 'person'; residentId: string },
): string {
  const message = identity.kind === 'organisation' ? `uscc:${identity.uscc}` : `rid:${identity.residentId}`
  return uuidFromDigest(hmac(indexKey, message))
}

const MAX_NAME = 200

/**
 * Reads a subject from a request (`{ uscc, name }` or `{ residentId, name }`). An identifier whose
 * format is right but whose check character fails is accepted, flagged, only when `mayFlag` (an
 * authorised government source); otherwise it is refused. Error messages never echo the identifier.
 */
export function readSubjectIdentity(
  input: unknown,
  at: string,
  options: { today: Date; mayFlag: boolean },
): SubjectIdentity | AppError {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return new AppError('subject.missing_identifier', 'subject must be an object with uscc or residentId, and name', [
      { pointer: at, detail: 'expected an object' },
    ])
  }
  const value = input as Record<string, unknown>
  const problems: FieldProblem[] = []
  const name = typeof value.name === 'string' ? value.name.trim() : ''
  if (hasControlCharacter(name)) {
    return new AppError('text.control_character', 'a name may not contain control characters (NUL and the like)', [
      { pointer: at + pointer('name'), detail: 'control character' },
    ])
  }
  if (name === '' || name.length > MAX_NAME)
    problems.push({ pointer: at + pointer('name'), detail: `name is required, 1-${MAX_NAME} characters` })
  else if (!name.isWellFormed())
    problems.push({ pointer: at + pointer('name'), detail: 'name may not contain unpaired surrogates' })
  const hasUscc = value.uscc !== undefined && value.uscc !== null && value.uscc !== ''
  const hasRid = value.residentId !== undefined && value.residentId !== null && value.residentId !== ''
  if (hasUscc === hasRid) {
    return new AppError(
      'subject.missing_identifier',
      'a subject needs exactly one of uscc (organisations) or residentId (natural persons)',
      [{ pointer: at, detail: 'give uscc or residentId' }, ...problems],
    )
  }
  if (hasUscc) {
    if (typeof value.uscc !== 'string')
      return new AppError('subject.invalid_uscc', 'uscc must be a string', [
        { pointer: at + '/uscc', detail: 'expected a string' },
      ])
    const parsed = parseUscc(value.uscc)
    let identity: SubjectIdentity
    if (parsed.valid) {
      identity = {
        kind: 'organisation',
        subjectType: parsed.value.organisationType,
        uscc: parsed.value.code,
        name,
        divisionCode: parsed.value.divisionCode,
        identifierCheckFailed: false,
      }
    } else if (parsed.onlyCheckFailed && options.mayFlag) {
      identity = {
        kind: 'organisation',
        subjectType: organisationTypeOf(parsed.normalised),
        uscc: parsed.normalised,
        name,
        divisionCode: parsed.normalised.slice(2, 8),
        identifierCheckFailed: true,
      }
    } else {
      const why = parsed.onlyCheckFailed
        ? 'its check character is wrong (accepted for review only from an authorised government source)'
        : `it is malformed (${parsed.problem})`
      return new AppError('subject.invalid_uscc', `the Unified Social Credit Code is not valid: ${why}`, [
        { pointer: at + '/uscc', detail: parsed.problem },
      ])
    }
    if (problems.length) return new AppError('subject.missing_identifier', 'the subject is incomplete', problems)
    return identity
  }
  if (typeof value.residentId !== 'string')
    return new AppError('subject.invalid_resident_id', 'residentId must be a string', [
      { pointer: at + '/residentId', detail: 'expected a string' },
    ])
  const parsed = parseResidentId(value.residentId, options.today)
  let identity: SubjectIdentity
  if (parsed.valid) {
    identity = {
      kind: 'person',
      subjectType: 'person',
      residentId: parsed.value.number,
      name,
      divisionCode: parsed.value.addressCode,
      identifierCheckFailed: false,
    }
  } else if (parsed.onlyCheckFailed && options.mayFlag) {
    identity = {
      kind: 'person',
      subjectType: 'person',
      residentId: parsed.normalised,
      name,
      divisionCode: parsed.normalised.slice(0, 6),
      identifierCheckFailed: true,
    }
  } else {
    const why = parsed.onlyCheckFailed
      ? 'its check character is wrong (accepted for review only from an authorised government source)'
      : `it is malformed (${parsed.problem})`
    return new AppError('subject.invalid_resident_id', `the resident identity number is not valid: ${why}`, [
      { pointer: at + '/residentId', detail: parsed.problem },
    ])
  }
  if (problems.length) return new AppError('subject.missing_identifier', 'the subject is incomplete', problems)
  return identity
}

// The identifiers module's only public door: pure checks, masks and generators for the Unified
// Social Credit Code (organisations) and the resident identity number (natural persons).
export type { IdentifierProblem, IdentifierResult } from './identifiers.ts'
export type { OrganisationType, Uscc } from './uscc.ts'
export type { ResidentId } from './resident-id.ts'
export { parseUscc, usccCheckCharacter, organisationCodeCheckCharacter, organisationTypeOf } from './uscc.ts'
export { birthDateOf, parseResidentId, residentIdCheckCharacter } from './resident-id.ts'
export { maskResidentId, maskPersonName } from './masking.ts'
export { makeUscc, makeResidentId, seededRandom } from './generate.ts'
export type { FreeTextMasking, MaskedKind } from './free-text.ts'
export { maskFreeText } from './free-text.ts'
export { redactIdentifiers, REDACTED } from './redact.ts'
export type { IdentifierInText } from './identifiers-in-text.ts'
export { findIdentifierInText } from './identifiers-in-text.ts'

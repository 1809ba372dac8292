/**
 * A subject account's claim (pure): an account claims a subject at registration; an officer verifies
 * it (the account then sees the subject's file) or refuses it, once. A refusal names one reason from a
 * closed list, worded here in both languages (the API gives the words, the portal picks the reader's),
 * and may add the officer's own words to the claimant.
 */

/** Why an officer refuses a claim: a closed list. */
export const claimRefusalReasons = [
  'documents_missing',
  'documents_unreadable',
  'documents_do_not_match',
  'not_authorised',
  'did_not_appear',
] as const
export type ClaimRefusalReason = (typeof claimRefusalReasons)[number]

/** Each reason in words, as the claimant and the officer read it. */
export const claimRefusalWords: Readonly<Record<ClaimRefusalReason, { zh: string; en: string }>> = {
  documents_missing: {
    zh: '未提供核验身份所需的证件。',
    en: 'The documents needed to verify your identity were not given.',
  },
  documents_unreadable: {
    zh: '提供的证件无法看清或不完整。',
    en: 'The documents given could not be read, or were incomplete.',
  },
  documents_do_not_match: {
    zh: '证件上的身份与申请认领的主体不一致。',
    en: 'The identity on the documents is not the subject claimed.',
  },
  not_authorised: {
    zh: '未能证明您有权代表该组织。',
    en: 'Nothing showed that you may act for the organisation.',
  },
  did_not_appear: {
    zh: '在规定期限内未到场或未回应核验要求。',
    en: 'You did not come, or did not answer the request to verify, in time.',
  },
}

/** Where a claim stands. */
export type ClaimStatus = 'awaiting' | 'verified' | 'refused'

export const claimStatus = (claim: { verifiedAt: unknown; refusedAt: unknown }): ClaimStatus =>
  claim.verifiedAt !== null ? 'verified' : claim.refusedAt !== null ? 'refused' : 'awaiting'

/** The longest note an officer may add to a refusal. */
export const REFUSAL_NOTE_MAX = 1000

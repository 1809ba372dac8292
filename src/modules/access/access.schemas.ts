/** The access and accounts APIs' response shapes (TypeBox): validation, serialisation, OpenAPI, and the portal's types. */
import { Type } from 'typebox'
import { DocumentSchema } from '../evidence/index.ts'
import { claimRefusalReasons } from './claims.ts'

export const ConsentSchema = Type.Object({
  consentId: Type.String({ format: 'uuid' }),
  relyingParty: Type.String({ description: "the relying party's registered name" }),
  relyingPartyDisplayName: Type.String({ description: 'the name people know it by' }),
  purpose: Type.String({ description: 'the declared purpose, a code of GET /v1/catalogue' }),
  purposeName: Type.Object(
    { zh: Type.String(), en: Type.String() },
    { description: "the purpose's name in both languages (zh and en side by side, never by Accept-Language)" },
  ),
  grantedAt: Type.String({ format: 'date-time' }),
  expiresAt: Type.String({ format: 'date-time' }),
  revokedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  evidence: Type.String(),
})

/** A subject's consents, or mine. */
export const ConsentsSchema = Type.Array(ConsentSchema)

/** A session begun (POST /v1/session): the CSRF token to echo on every change. */
export const SessionSchema = Type.Object({
  role: Type.String(),
  displayName: Type.String(),
  csrfToken: Type.String(),
  expiresAt: Type.String({ format: 'date-time' }),
})

/** Accounts that claim a subject, awaiting an officer's verification (GET /v1/accounts/pending). */
export const PendingAccountsSchema = Type.Array(
  Type.Object({
    accountId: Type.String(),
    username: Type.String(),
    displayName: Type.String(),
    subjectId: Type.String(),
    claimedAt: Type.String(),
    verifiedAlready: Type.Integer(),
    subject: Type.Optional(
      Type.Union(
        [
          Type.Object({
            subjectType: Type.String(),
            name: Type.String({ description: "an organisation's name; a person's only masked" }),
            uscc: Type.Optional(Type.String()),
            residentIdMasked: Type.Optional(Type.String({ description: 'e.g. 110105********002X' })),
          }),
          Type.Null(),
        ],
        {
          description:
            'the subject the account claims, identifier masked; null when no record or registration names it yet (the number claimed is not kept: only its keyed hash, the subject id)',
        },
      ),
    ),
  }),
)

/** The accounts claiming one subject (GET /v1/subjects/:subjectId/accounts). */
export const SubjectAccountsSchema = Type.Object({
  accounts: Type.Array(
    Type.Object({
      accountId: Type.String(),
      username: Type.String(),
      displayName: Type.String(),
      claimedAt: Type.String(),
      verifiedAt: Type.Union([Type.String(), Type.Null()]),
      refusedAt: Type.Union([Type.String(), Type.Null()]),
    }),
  ),
})

/** Why a claim was refused: the reason's code and its words in both languages. */
const RefusalSchema = Type.Object({
  refusedAt: Type.String({ format: 'date-time' }),
  reason: Type.Union(
    claimRefusalReasons.map((r) => Type.Literal(r)),
    { description: 'one of a closed list' },
  ),
  reasonText: Type.Object({ zh: Type.String(), en: Type.String() }, { description: 'the reason in words' }),
  note: Type.Union([Type.String(), Type.Null()], {
    description: "the officer's own words to the claimant, masked; null when none",
  }),
})

/** The claimant's own claim (GET /v1/me/claim): where it stands, why if refused, the documents given. */
export const OwnClaimSchema = Type.Object({
  status: Type.Union([Type.Literal('awaiting'), Type.Literal('verified'), Type.Literal('refused')]),
  claimedAt: Type.String({ format: 'date-time' }),
  verifiedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  refusal: Type.Union([RefusalSchema, Type.Null()]),
  documents: Type.Array(DocumentSchema, { description: 'the identity documents given with the claim' }),
})

/** One claim as the officer deciding it reads it (GET /v1/accounts/{accountId}). */
export const ClaimSchema = Type.Object({
  accountId: Type.String({ format: 'uuid' }),
  username: Type.String(),
  displayName: Type.String(),
  subjectId: Type.String({ format: 'uuid' }),
  status: Type.Union([Type.Literal('awaiting'), Type.Literal('verified'), Type.Literal('refused')]),
  claimedAt: Type.String({ format: 'date-time' }),
  verifiedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  refusal: Type.Union([RefusalSchema, Type.Null()]),
  verifiedAlready: Type.Integer({ description: 'accounts verified for the subject already, this one aside' }),
  subject: Type.Union([
    Type.Object({
      subjectType: Type.String(),
      name: Type.String({ description: "an organisation's name; a person's only masked" }),
      uscc: Type.Optional(Type.String()),
      residentIdMasked: Type.Optional(Type.String()),
    }),
    Type.Null(),
  ]),
  documents: Type.Array(DocumentSchema, { description: 'the identity documents given with the claim' }),
})

/** Who is calling (GET /v1/me). */
export const MeSchema = Type.Object({
  role: Type.String(),
  name: Type.String(),
  subjectId: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  displayName: Type.Optional(Type.String()),
  purposes: Type.Optional(Type.Array(Type.String())),
})

/**
 * What kind of look it was (a closed list, for whoever words it): a relying party's report (`report`) or
 * score (`score`), a department's check for measures (`check`), a read of the rating (`rating`), an
 * officer's or auditor's read of the whole file (`file`), a look-up by identity number (`lookup`), of the
 * consents (`consents`), of an objection, a repair application, a list entry or a document the subject gave, or an identity
 * document given with a claim to the subject's file (`claim_document`).
 */
export const lookKinds = [
  'report',
  'score',
  'check',
  'rating',
  'file',
  'lookup',
  'consents',
  'objection',
  'repair',
  'list_entry',
  'evidence',
  'claim_document',
] as const
export type LookKind = (typeof lookKinds)[number]

/** Who looked at my file, newest first (GET /v1/me/inquiries). */
export const InquiriesSchema = Type.Array(
  Type.Object({
    at: Type.String({ format: 'date-time' }),
    by: Type.String(),
    byType: Type.String({ description: 'relying_party, officer, auditor or department' }),
    look: Type.Union(
      lookKinds.map((s) => Type.Literal(s)),
      {
        description:
          "what was looked at: a relying party's report or score, a department's check, the rating, the whole file (an officer's or auditor's), a look-up by identity number, the consents, an objection, a repair application, a list entry, a document the subject gave, or an identity document given with a claim to the subject's file",
      },
    ),
    startedBySubject: Type.Boolean({
      description:
        'the subject set it going: an officer reading its own objection, repair application or document (an identity document given with its claim among them), or a report it asked for itself',
    }),
    purpose: Type.Object(
      { zh: Type.String(), en: Type.String() },
      {
        description:
          'what was looked at and why, in words, in both languages (the API answers in zh and en side by side, never by Accept-Language)',
      },
    ),
    purposeCode: Type.Union([Type.String(), Type.Null()], {
      description: "a report's or score's declared purpose; a check's measure domain",
    }),
    consentId: Type.Union([Type.String(), Type.Null()]),
    categories: Type.Array(Type.String()),
  }),
)

/** Whom a subject may give its consent to (GET /v1/me/relying-parties): each once, by the name people know it by. */
export const RelyingPartiesSchema = Type.Object({
  relyingParties: Type.Array(
    Type.Object({
      name: Type.String({ description: 'the registered name, which POST /v1/me/consents takes' }),
      displayName: Type.String(),
      purposes: Type.Array(
        Type.Object({ code: Type.String(), name: Type.Object({ zh: Type.String(), en: Type.String() }) }),
        { description: 'the purposes it is registered for that a consent can be given for' },
      ),
    }),
  ),
})

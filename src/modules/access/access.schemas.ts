/** The access and accounts APIs' response shapes (TypeBox): validation, serialisation, OpenAPI, and the portal's types. */
import { Type } from 'typebox'

export const ConsentSchema = Type.Object({
  consentId: Type.String({ format: 'uuid' }),
  relyingParty: Type.String(),
  purpose: Type.String(),
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
    }),
  ),
})

/** Who is calling (GET /v1/me). */
export const MeSchema = Type.Object({
  role: Type.String(),
  name: Type.String(),
  subjectId: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  displayName: Type.Optional(Type.String()),
  purposes: Type.Optional(Type.Array(Type.String())),
})

/** Who looked at my file, newest first (GET /v1/me/inquiries). */
export const InquiriesSchema = Type.Array(
  Type.Object({
    at: Type.String({ format: 'date-time' }),
    by: Type.String(),
    byType: Type.String(),
    purpose: Type.String(),
    consentId: Type.Union([Type.String(), Type.Null()]),
    categories: Type.Array(Type.String()),
  }),
)

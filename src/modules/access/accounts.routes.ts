import type { FastifyPluginAsync } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import type { Database } from '../../db/database.ts'
import type { Clock } from '../../platform/clock.ts'
import type { Keys } from '../../platform/crypto.ts'
import { BODY_LIMIT_SMALL, requireRole, SESSION_COOKIE } from '../../platform/http.ts'
import { actorOf, verifiedSubjectOf } from '../../platform/principal.ts'
import { problemResponses } from '../../platform/problem-schema.ts'
import { findSubjectSummary } from '../subjects/index.ts'
import { DocumentSchema, documentSent, EVIDENCE_MAX_BYTES, EVIDENCE_MEDIA_TYPES } from '../evidence/index.ts'
import { AppError } from '../../platform/app-error.ts'
import { claimRefusalReasons, REFUSAL_NOTE_MAX } from './claims.ts'
import { accountsPolicy } from './accounts.policy.ts'
import {
  ClaimSchema,
  InquiriesSchema,
  MeSchema,
  OwnClaimSchema,
  PendingAccountsSchema,
  SessionSchema,
  SubjectAccountsSchema,
} from './access.schemas.ts'
import {
  claimedSubject,
  getClaim,
  getOwnClaim,
  listInquiries,
  listPendingAccounts,
  listSubjectAccounts,
  login,
  logout,
  refuseSubjectAccount,
  registerSubjectAccount,
  SESSION_MS,
  uploadClaimDocument,
  verifySubjectAccount,
} from './accounts.service.ts'

/** The account a signed-in subject's session is for (a subject has no API key). */
function ownAccountId(principal: { keyId: string }): string {
  if (!principal.keyId.startsWith('account:'))
    throw new AppError('auth.forbidden', 'only a signed-in account has a claim')
  return principal.keyId.slice('account:'.length)
}

const Identity = Type.Union([
  Type.Object({ residentId: Type.String(), name: Type.String() }),
  Type.Object({ uscc: Type.String(), name: Type.String() }),
])

export function accountsRoutes(ctx: { database: Database; clock: Clock; keys: Keys }): FastifyPluginAsync {
  return async (plain) => {
    const app = plain.withTypeProvider<TypeBoxTypeProvider>()

    app.post(
      '/v1/session',
      {
        bodyLimit: BODY_LIMIT_SMALL,
        config: { policy: accountsPolicy.signIn },
        schema: {
          tags: ['accounts'],
          summary:
            'Sign in: sets an HTTP-only session cookie; returns the CSRF token that state-changing requests must send as x-csrf-token',
          body: Type.Object(
            { username: Type.String({ maxLength: 64 }), password: Type.String({ maxLength: 256 }) },
            { additionalProperties: false },
          ),
          response: { 200: SessionSchema, ...problemResponses },
        },
      },
      async (request, reply) => {
        // request.ip: the connection's address, or the one a trusted proxy gives (FIDES_TRUST_PROXY)
        const result = await login(ctx.database, ctx.clock, ctx.keys, {
          username: request.body.username,
          password: request.body.password,
          address: request.ip,
        })
        reply.setCookie(SESSION_COOKIE, result.sessionToken, {
          httpOnly: true,
          secure: true,
          sameSite: 'strict',
          path: '/',
          maxAge: SESSION_MS / 1000,
        })
        return {
          role: result.role,
          displayName: result.displayName,
          csrfToken: result.csrfToken,
          expiresAt: result.expiresAt.toISOString(),
        }
      },
    )

    app.delete(
      '/v1/session',
      {
        config: { policy: accountsPolicy.signOut },
        schema: {
          tags: ['accounts'],
          summary: 'Sign out: the session ends at once, whatever the role (with an API key: nothing to end)',
          response: { 204: Type.Null(), ...problemResponses },
        },
      },
      async (request, reply) => {
        const principal = requireRole(request, ...accountsPolicy.signOut)
        // the session that authenticated this request: none when an API key did
        const token = request.headers.authorization === undefined ? request.cookies[SESSION_COOKIE] : undefined
        if (token) await logout(ctx.database, ctx.clock, { type: principal.role, id: principal.keyId }, token)
        reply.clearCookie(SESSION_COOKIE, { path: '/' })
        return reply.status(204).send(null)
      },
    )

    app.post(
      '/v1/accounts',
      {
        bodyLimit: BODY_LIMIT_SMALL,
        // the subject is checked by the same reader as everywhere, for the same codes and pointers
        validatorCompiler: () => () => true,
        config: { policy: accountsPolicy.register },
        schema: {
          tags: ['accounts'],
          summary:
            "Register as a subject (a person, or an organisation's representative); an officer verifies the claim before the account sees anything",
          body: Type.Object({
            username: Type.String(),
            password: Type.String({ minLength: 12 }),
            displayName: Type.String(),
            subject: Identity,
          }),
          response: {
            201: Type.Object({
              accountId: Type.String({ format: 'uuid' }),
              status: Type.Literal('awaiting_verification'),
            }),
            ...problemResponses,
          },
        },
      },
      async (request, reply) => {
        const body = (request.body ?? {}) as Record<string, unknown>
        const text = (value: unknown) => (typeof value === 'string' ? value : '')
        const { accountId } = await registerSubjectAccount(ctx.database, ctx.clock, ctx.keys, {
          username: text(body.username),
          password: text(body.password),
          displayName: text(body.displayName) || text(body.username),
          subject: body.subject,
          address: request.ip,
        })
        return reply.status(201).send({ accountId, status: 'awaiting_verification' as const })
      },
    )

    app.get(
      '/v1/accounts/pending',
      {
        config: { policy: accountsPolicy.listPending },
        schema: {
          tags: ['accounts'],
          summary:
            "Subject accounts awaiting an officer's verification, each with how many accounts its subject has verified already",
          response: { 200: PendingAccountsSchema, ...problemResponses },
        },
      },
      async () =>
        Promise.all(
          (await listPendingAccounts(ctx.database)).map(async (r) => {
            const subject = await findSubjectSummary(ctx.database, ctx.keys, r.subject_id)
            return {
              accountId: r.account_id,
              username: r.username,
              displayName: r.display_name,
              subjectId: r.subject_id,
              claimedAt: new Date(r.claimed_at).toISOString(),
              verifiedAlready: Number(r.verified_already ?? 0),
              subject: claimedSubject(subject),
            }
          }),
        ),
    )

    app.get(
      '/v1/subjects/:subjectId/accounts',
      {
        config: { policy: accountsPolicy.listSubjectAccounts },
        schema: {
          tags: ['accounts'],
          summary: 'The accounts claiming one subject, verified or not, oldest claim first',
          params: Type.Object({ subjectId: Type.String({ format: 'uuid' }) }),
          response: { 200: SubjectAccountsSchema, ...problemResponses },
        },
      },
      async (request) => ({
        accounts: (await listSubjectAccounts(ctx.database, request.params.subjectId)).map((r) => ({
          accountId: r.account_id,
          username: r.username,
          displayName: r.display_name,
          claimedAt: new Date(r.claimed_at).toISOString(),
          verifiedAt: r.verified_at === null ? null : new Date(r.verified_at).toISOString(),
          refusedAt: r.refused_at === null ? null : new Date(r.refused_at).toISOString(),
        })),
      }),
    )

    app.post(
      '/v1/accounts/:accountId/verify',
      {
        bodyLimit: BODY_LIMIT_SMALL,
        config: { policy: accountsPolicy.verify },
        // no body is an empty one: a plain verification
        preValidation: async (request) => {
          request.body ??= {}
        },
        schema: {
          tags: ['accounts'],
          summary: 'Verify a subject account after checking identity documents',
          description:
            'If the subject has a verified account already, the answer is 409 account.subject_already_verified unless the body confirms (`confirm: true`) with a `reason`; the subject is then told, and the event names the accounts verified before.',
          params: Type.Object({ accountId: Type.String({ format: 'uuid' }) }),
          body: Type.Object(
            { confirm: Type.Optional(Type.Boolean()), reason: Type.Optional(Type.String({ maxLength: 2000 })) },
            { additionalProperties: false },
          ),
          response: {
            200: Type.Object({
              subjectId: Type.String(),
              alongside: Type.Array(
                Type.String({ description: 'the accounts verified for the subject before this one' }),
              ),
            }),
            ...problemResponses,
          },
        },
      },
      async (request) => {
        const principal = requireRole(request, ...accountsPolicy.verify)
        return verifySubjectAccount(ctx.database, ctx.clock, actorOf(principal), request.params.accountId, {
          confirm: request.body.confirm === true,
          reason: request.body.reason ?? '',
        })
      },
    )

    app.get(
      '/v1/accounts/:accountId',
      {
        config: { policy: accountsPolicy.readClaim },
        schema: {
          tags: ['accounts'],
          summary:
            "One subject account's claim, for the officer deciding it: the subject claimed (masked), where the claim stands, the accounts verified for the subject already, the identity documents given with it",
          params: Type.Object({ accountId: Type.String({ format: 'uuid' }) }),
          response: { 200: ClaimSchema, ...problemResponses },
        },
      },
      async (request) => getClaim(ctx.database, ctx.keys, request.params.accountId),
    )

    app.post(
      '/v1/accounts/:accountId/refuse',
      {
        bodyLimit: BODY_LIMIT_SMALL,
        config: { policy: accountsPolicy.refuse },
        schema: {
          tags: ['accounts'],
          summary: "Refuse a subject account's claim: the account never sees the file, and the claimant is told why",
          description:
            "The reason is one of a closed list; `note` adds the officer's own words to the claimant (masked, never in the audit trail). A claim verified or refused already is answered 409 account.claim_settled: a claim is decided once, even by two officers at the same moment.",
          params: Type.Object({ accountId: Type.String({ format: 'uuid' }) }),
          body: Type.Object(
            {
              reason: Type.Union(
                claimRefusalReasons.map((r) => Type.Literal(r)),
                { description: 'why the claim is refused' },
              ),
              note: Type.Optional(Type.String({ maxLength: REFUSAL_NOTE_MAX })),
            },
            { additionalProperties: false },
          ),
          response: {
            200: Type.Object({ subjectId: Type.String(), status: Type.Literal('refused') }),
            ...problemResponses,
          },
        },
      },
      async (request) => {
        const principal = requireRole(request, ...accountsPolicy.refuse)
        return refuseSubjectAccount(ctx.database, ctx.clock, actorOf(principal), request.params.accountId, {
          reason: request.body.reason,
          ...(request.body.note === undefined ? {} : { note: request.body.note }),
        })
      },
    )

    app.get(
      '/v1/me/claim',
      {
        config: { policy: accountsPolicy.ownClaim },
        schema: {
          tags: ['self-service'],
          summary:
            "My account's claim to a subject: awaiting an officer, verified, or refused with the reason in words; the identity documents I gave with it",
          response: { 200: OwnClaimSchema, ...problemResponses },
        },
      },
      async (request) => {
        const principal = requireRole(request, ...accountsPolicy.ownClaim)
        return getOwnClaim(ctx.database, ctx.keys, ownAccountId(principal))
      },
    )

    // an identity document arrives as its own bytes (one of the evidence types), as POST /v1/me/evidence takes it
    await app.register(async (upload) => {
      upload.addContentTypeParser(
        [...EVIDENCE_MEDIA_TYPES],
        { parseAs: 'buffer', bodyLimit: EVIDENCE_MAX_BYTES },
        (_request, body, done) => done(null, body),
      )
      upload.withTypeProvider<TypeBoxTypeProvider>().post(
        '/v1/me/claim/document',
        {
          bodyLimit: EVIDENCE_MAX_BYTES,
          config: { policy: accountsPolicy.ownClaimDocument },
          schema: {
            tags: ['self-service'],
            summary:
              'Give an identity document with my claim (PDF, PNG, JPEG or text, up to 10 MiB) while it awaits an officer',
            description:
              'Checked by its bytes against its type and stored encrypted, as evidence documents are; read only by officers, each look recorded for the subject to see. A claim verified or refused already is answered 409 account.claim_settled.',
            querystring: Type.Object({ fileName: Type.Optional(Type.String({ maxLength: 200 })) }),
            response: { 201: DocumentSchema, ...problemResponses },
          },
        },
        async (request, reply) => {
          const principal = requireRole(request, ...accountsPolicy.ownClaimDocument)
          const stored = await uploadClaimDocument(
            ctx,
            actorOf(principal),
            ownAccountId(principal),
            documentSent(request, request.query.fileName),
          )
          return reply.status(201).send(stored)
        },
      )
    })

    app.get(
      '/v1/me',
      {
        config: { policy: accountsPolicy.whoAmI },
        schema: {
          tags: ['accounts'],
          summary: 'Who is calling',
          response: { 200: MeSchema, ...problemResponses },
        },
      },
      async (request) => {
        const p = requireRole(request, ...accountsPolicy.whoAmI)
        switch (p.role) {
          case 'source':
            return { role: p.role, name: p.source.name }
          case 'relying_party':
            return {
              role: p.role,
              name: p.relyingParty.name,
              displayName: p.relyingParty.displayName,
              purposes: [...p.relyingParty.purposes].sort(),
            }
          case 'department':
            return { role: p.role, name: p.department.name }
          case 'officer':
          case 'auditor':
            return { role: p.role, name: p.label }
          case 'subject':
            return { role: p.role, name: p.label, subjectId: p.subjectId }
        }
      },
    )

    app.get(
      '/v1/me/inquiries',
      {
        config: { policy: accountsPolicy.ownInquiries },
        schema: {
          tags: ['self-service'],
          summary: 'Who looked at my file: every inquiry, newest first',
          response: { 200: InquiriesSchema, ...problemResponses },
        },
      },
      async (request) => {
        const subjectId = verifiedSubjectOf(requireRole(request, ...accountsPolicy.ownInquiries))
        return listInquiries(ctx.database, subjectId)
      },
    )
  }
}

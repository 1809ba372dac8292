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
import { accountsPolicy } from './accounts.policy.ts'
import {
  InquiriesSchema,
  MeSchema,
  PendingAccountsSchema,
  SessionSchema,
  SubjectAccountsSchema,
} from './access.schemas.ts'
import {
  listInquiries,
  listPendingAccounts,
  listSubjectAccounts,
  login,
  logout,
  registerSubjectAccount,
  SESSION_MS,
  verifySubjectAccount,
} from './accounts.service.ts'

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
              subject: subject
                ? {
                    subjectType: subject.subjectType,
                    name: subject.name,
                    ...(subject.uscc !== undefined ? { uscc: subject.uscc } : {}),
                    ...(subject.residentIdMasked !== undefined ? { residentIdMasked: subject.residentIdMasked } : {}),
                  }
                : null,
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

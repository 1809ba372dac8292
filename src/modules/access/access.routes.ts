import type { FastifyPluginAsync } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import type { Database } from '../../db/database.ts'
import { AppError } from '../../platform/app-error.ts'
import { appendAuditEvent } from '../../platform/audit.ts'
import type { Clock } from '../../platform/clock.ts'
import type { Keys } from '../../platform/crypto.ts'
import { BODY_LIMIT_SMALL, requireRole } from '../../platform/http.ts'
import { actorOf, verifiedSubjectOf } from '../../platform/principal.ts'
import { problemResponses } from '../../platform/problem-schema.ts'
import { findSubjectSummary } from '../subjects/index.ts'
import { grantConsent, listConsents, revokeConsent, type Consent } from './access.service.ts'
import { accessPolicy } from './access.policy.ts'
import { accountsPolicy } from './accounts.policy.ts'
import { ConsentSchema, ConsentsSchema, RelyingPartiesSchema } from './access.schemas.ts'
import { listRelyingParties } from './access.repository.ts'
import { isPurpose, purposeRules } from './purposes.ts'

function consentView(c: Consent) {
  return {
    consentId: c.consentId,
    relyingParty: c.relyingPartyName,
    relyingPartyDisplayName: c.relyingPartyDisplayName,
    purpose: c.purpose,
    purposeName: isPurpose(c.purpose) ? purposeRules[c.purpose].name : { zh: c.purpose, en: c.purpose },
    grantedAt: c.grantedAt.toISOString(),
    expiresAt: c.expiresAt.toISOString(),
    revokedAt: c.revokedAt?.toISOString() ?? null,
    evidence: c.evidence,
  }
}

/** Consents, recorded by an officer from the subject's written authorisation until subjects have accounts. */
export function accessRoutes(ctx: { database: Database; clock: Clock; keys: Keys }): FastifyPluginAsync {
  return async (plain) => {
    const app = plain.withTypeProvider<TypeBoxTypeProvider>()
    const subjectParams = Type.Object({ subjectId: Type.String({ format: 'uuid' }) })
    const requireSubject = async (subjectId: string) => {
      if (!(await findSubjectSummary(ctx.database, ctx.keys, subjectId)))
        throw new AppError('subject.not_found', 'no subject with that id', [
          { pointer: '/subjectId', detail: 'unknown subject' },
        ])
    }

    app.get(
      '/v1/subjects/:subjectId/consents',
      {
        config: { policy: accessPolicy.readConsents },
        schema: {
          tags: ['consents'],
          summary: "A subject's consents",
          params: subjectParams,
          response: { 200: ConsentsSchema, ...problemResponses },
        },
      },
      async (request) => {
        const principal = requireRole(request, ...accessPolicy.readConsents)
        const { subjectId } = request.params
        await requireSubject(subjectId)
        // whom a person has authorised tells whom they deal with: a look the person sees
        await appendAuditEvent(ctx.database.db, ctx.clock.now(), {
          action: 'subject.consents_viewed',
          actor: actorOf(principal),
          subjectId,
          objectType: 'subject',
          objectId: subjectId,
          payload: {},
        })
        return (await listConsents(ctx.database, subjectId)).map(consentView)
      },
    )

    app.post(
      '/v1/subjects/:subjectId/consents',
      {
        bodyLimit: BODY_LIMIT_SMALL,
        config: { policy: accessPolicy.grantConsent },
        schema: {
          tags: ['consents'],
          summary: "Record a subject's consent to a relying party for a purpose",
          params: subjectParams,
          body: Type.Object(
            {
              relyingParty: Type.String(),
              purpose: Type.String(),
              expiresAt: Type.String({ format: 'date-time', description: 'at most two years ahead' }),
              evidence: Type.String({
                minLength: 1,
                maxLength: 200,
                description: 'which written authorisation this consent rests on',
              }),
            },
            { additionalProperties: false },
          ),
          response: { 201: ConsentSchema, ...problemResponses },
        },
      },
      async (request, reply) => {
        const principal = requireRole(request, ...accessPolicy.grantConsent)
        await requireSubject(request.params.subjectId)
        const consent = await grantConsent(ctx.database, ctx.clock, actorOf(principal), {
          subjectId: request.params.subjectId,
          ...request.body,
          expiresAt: new Date(request.body.expiresAt),
        })
        return reply.status(201).send(consentView(consent))
      },
    )

    // The subject's own consents: see, grant (to a registered relying party, for one of its purposes), revoke.
    app.get(
      '/v1/me/consents',
      {
        config: { policy: accountsPolicy.ownConsents },
        schema: {
          tags: ['self-service'],
          summary: 'My consents',
          response: { 200: ConsentsSchema, ...problemResponses },
        },
      },
      async (request) => {
        const subjectId = verifiedSubjectOf(requireRole(request, ...accountsPolicy.ownConsents))
        return (await listConsents(ctx.database, subjectId)).map(consentView)
      },
    )

    app.post(
      '/v1/me/consents',
      {
        bodyLimit: BODY_LIMIT_SMALL,
        config: { policy: accountsPolicy.ownConsents },
        schema: {
          tags: ['self-service'],
          summary: 'Give a relying party my consent for one purpose, until a date',
          body: Type.Object(
            {
              relyingParty: Type.String(),
              purpose: Type.String(),
              expiresAt: Type.String({ format: 'date-time', description: 'at most two years ahead' }),
            },
            { additionalProperties: false },
          ),
          response: { 201: ConsentSchema, ...problemResponses },
        },
      },
      async (request, reply) => {
        const principal = requireRole(request, ...accountsPolicy.ownConsents)
        const subjectId = verifiedSubjectOf(principal)
        const consent = await grantConsent(ctx.database, ctx.clock, actorOf(principal), {
          subjectId,
          ...request.body,
          expiresAt: new Date(request.body.expiresAt),
          evidence: 'given by the subject in Fides',
        })
        return reply.status(201).send(consentView(consent))
      },
    )

    app.get(
      '/v1/me/relying-parties',
      {
        config: { policy: accountsPolicy.ownConsents },
        schema: {
          tags: ['self-service'],
          summary:
            'Whom I may give my consent to: every relying party by the name people know it by, with the purposes it may be given for',
          response: { 200: RelyingPartiesSchema, ...problemResponses },
        },
      },
      async (request) => {
        verifiedSubjectOf(requireRole(request, ...accountsPolicy.ownConsents))
        const parties = await listRelyingParties(ctx.database.db)
        return {
          relyingParties: parties.map((p) => ({
            name: p.name,
            displayName: p.displayName,
            purposes: p.purposes
              .filter((code) => isPurpose(code) && !purposeRules[code].subjectOnly)
              .sort()
              .map((code) => ({ code, name: purposeRules[code as keyof typeof purposeRules].name })),
          })),
        }
      },
    )

    app.post(
      '/v1/me/consents/:consentId/revoke',
      {
        bodyLimit: BODY_LIMIT_SMALL,
        config: { policy: accountsPolicy.ownConsents },
        schema: {
          tags: ['self-service'],
          summary: 'Revoke one of my consents, at once',
          params: Type.Object({ consentId: Type.String({ format: 'uuid' }) }),
          response: { 200: ConsentSchema, ...problemResponses },
        },
      },
      async (request) => {
        const principal = requireRole(request, ...accountsPolicy.ownConsents)
        return consentView(
          await revokeConsent(
            ctx.database,
            ctx.clock,
            actorOf(principal),
            verifiedSubjectOf(principal),
            request.params.consentId,
          ),
        )
      },
    )

    app.post(
      '/v1/subjects/:subjectId/consents/:consentId/revoke',
      {
        bodyLimit: BODY_LIMIT_SMALL,
        config: { policy: accessPolicy.revokeConsent },
        schema: {
          tags: ['consents'],
          summary: 'Revoke a consent (at once; revoking twice changes nothing)',
          params: Type.Object({
            subjectId: Type.String({ format: 'uuid' }),
            consentId: Type.String({ format: 'uuid' }),
          }),
          response: { 200: ConsentSchema, ...problemResponses },
        },
      },
      async (request) => {
        const principal = requireRole(request, ...accessPolicy.revokeConsent)
        return consentView(
          await revokeConsent(
            ctx.database,
            ctx.clock,
            actorOf(principal),
            request.params.subjectId,
            request.params.consentId,
          ),
        )
      },
    )
  }
}

import type { FastifyPluginAsync } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { BODY_LIMIT_SMALL, requireRole } from '../../platform/http.ts'
import { actorOf, verifiedSubjectOf } from '../../platform/principal.ts'
import { problemResponses } from '../../platform/problem-schema.ts'
import { EvidenceSchema, TextSchema } from '../objections/index.ts'
import type { ListsContext } from '../lists/index.ts'
import { repairPolicy } from './repair.policy.ts'
import { OwnRepairsSchema, RepairDetailSchema, RepairSchema } from './repair.schemas.ts'
import {
  applyForRepair,
  decideRepair,
  giveFeedback,
  listOwnRepairs,
  readRepair,
  repairQueue,
  type RepairFilter,
} from './repair.service.ts'

const Text = TextSchema
const Id = Type.Object({ applicationId: Type.String({ format: 'uuid' }) })

export function repairRoutes(ctx: ListsContext): FastifyPluginAsync {
  return async (plain) => {
    const app = plain.withTypeProvider<TypeBoxTypeProvider>()
    app.post(
      '/v1/me/repairs',
      {
        bodyLimit: BODY_LIMIT_SMALL,
        config: { policy: repairPolicy.apply },
        schema: {
          tags: ['self-service'],
          summary:
            'Apply for credit repair: end the publication of a repairable record (after its minimum publication) or a list entry, having corrected the conduct',
          body: Type.Object(
            {
              recordId: Type.Optional(Type.String({ format: 'uuid' })),
              listEntryId: Type.Optional(Type.String({ format: 'uuid' })),
              statement: Text(4000),
              evidence: EvidenceSchema({ minItems: 1 }),
            },
            { additionalProperties: false },
          ),
          response: { 201: RepairSchema, ...problemResponses },
        },
      },
      async (request, reply) => {
        const principal = requireRole(request, ...repairPolicy.apply)
        return reply
          .status(201)
          .send(await applyForRepair(ctx, actorOf(principal), verifiedSubjectOf(principal), request.body))
      },
    )
    app.get(
      '/v1/me/repairs',
      {
        config: { policy: repairPolicy.listOwn },
        schema: {
          tags: ['self-service'],
          summary: 'My repair applications and their deadlines',
          response: { 200: OwnRepairsSchema, ...problemResponses },
        },
      },
      async (request) => ({
        applications: await listOwnRepairs(ctx, verifiedSubjectOf(requireRole(request, ...repairPolicy.listOwn))),
      }),
    )
    app.get(
      '/v1/repairs',
      {
        config: { policy: repairPolicy.queue },
        schema: {
          tags: ['repair'],
          summary: "The officers' queue of repair applications, with what is overdue",
          querystring: Type.Object({
            filter: Type.Optional(
              Type.Union(['pending', 'feedback_overdue', 'decision_overdue'].map((f) => Type.Literal(f))),
            ),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
          }),
          response: {
            200: Type.Unknown({ description: 'the counts of the queue and its applications' }),
            ...problemResponses,
          },
        },
      },
      async (request) => {
        requireRole(request, ...repairPolicy.queue)
        return repairQueue(ctx, (request.query.filter ?? 'pending') as RepairFilter, request.query.limit ?? 100)
      },
    )
    app.get(
      '/v1/repairs/:applicationId',
      {
        config: { policy: repairPolicy.queue },
        schema: {
          tags: ['repair'],
          summary:
            "One application in full, with the subject's statement and evidence and its audit events (the look is recorded)",
          params: Id,
          response: { 200: RepairDetailSchema, ...problemResponses },
        },
      },
      async (request) =>
        readRepair(ctx, actorOf(requireRole(request, ...repairPolicy.queue)), request.params.applicationId),
    )
    app.post(
      '/v1/repairs/:applicationId/feedback',
      {
        bodyLimit: BODY_LIMIT_SMALL,
        config: { policy: repairPolicy.step },
        schema: {
          tags: ['repair'],
          summary: 'Give feedback (due within 10 working days of the application)',
          params: Id,
          body: Type.Object({ feedback: Text(4000) }, { additionalProperties: false }),
          response: { 200: RepairSchema, ...problemResponses },
        },
      },
      async (request) => {
        const principal = requireRole(request, ...repairPolicy.step)
        return giveFeedback(
          ctx,
          { actor: actorOf(principal), name: principal.label },
          request.params.applicationId,
          request.body.feedback,
        )
      },
    )
    app.post(
      '/v1/repairs/:applicationId/decision',
      {
        bodyLimit: BODY_LIMIT_SMALL,
        config: { policy: repairPolicy.step },
        schema: {
          tags: ['repair'],
          summary: 'Decide (due within 3 working days of the feedback); an approval ends the publication the same day',
          params: Id,
          body: Type.Object(
            { outcome: Type.Union([Type.Literal('approved'), Type.Literal('refused')]), reasons: Text(4000) },
            { additionalProperties: false },
          ),
          response: { 200: RepairSchema, ...problemResponses },
        },
      },
      async (request) => {
        const principal = requireRole(request, ...repairPolicy.step)
        return decideRepair(
          ctx,
          { actor: actorOf(principal), name: principal.label },
          request.params.applicationId,
          request.body,
        )
      },
    )
  }
}

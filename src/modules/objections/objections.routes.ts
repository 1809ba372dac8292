import type { FastifyPluginAsync } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { BODY_LIMIT_RECORD, BODY_LIMIT_SMALL, requireRole } from '../../platform/http.ts'
import { actorOf, verifiedSubjectOf } from '../../platform/principal.ts'
import { problemResponses } from '../../platform/problem-schema.ts'
import { OBJECTION_ANSWER_DAYS } from '../catalogue/index.ts'
import { objectionsPolicy } from './objections.policy.ts'
import {
  EvidenceSchema,
  NewObjectionSchema,
  ObjectionSchema,
  OfficerQueueSchema,
  OwnObjectionsSchema,
  SourceQueueSchema,
  TextSchema,
} from './objections.schemas.ts'
import {
  answerObjection,
  decideObjection,
  escalateObjection,
  fileObjection,
  listOwnObjections,
  listSourceQueue,
  officerQueue,
  readObjection,
  type ObjectionsContext,
} from './objections.service.ts'

const Text = TextSchema

const ObjectionId = Type.Object({ objectionId: Type.String({ format: 'uuid' }) })

export function objectionRoutes(ctx: ObjectionsContext): FastifyPluginAsync {
  return async (plain) => {
    const app = plain.withTypeProvider<TypeBoxTypeProvider>()

    app.post(
      '/v1/me/objections',
      {
        bodyLimit: BODY_LIMIT_SMALL,
        config: { policy: objectionsPolicy.fileOwn },
        schema: {
          tags: ['self-service'],
          summary: 'Object to a record in my file',
          description: `The record is marked as under objection everywhere at once. Its source must answer within ${OBJECTION_ANSWER_DAYS} days; if it does not, the record is shown to nobody but you and the credit authority until it does.`,
          body: NewObjectionSchema,
          response: { 201: ObjectionSchema, ...problemResponses },
        },
      },
      async (request, reply) => {
        const principal = requireRole(request, ...objectionsPolicy.fileOwn)
        return reply.status(201).send(
          await fileObjection(ctx, actorOf(principal), verifiedSubjectOf(principal), request.body, {
            onBehalf: false,
          }),
        )
      },
    )

    app.get(
      '/v1/me/objections',
      {
        config: { policy: objectionsPolicy.listOwn },
        schema: {
          tags: ['self-service'],
          summary: 'My objections and what became of them, with their history',
          response: { 200: OwnObjectionsSchema, ...problemResponses },
        },
      },
      async (request) => {
        const principal = requireRole(request, ...objectionsPolicy.listOwn)
        return { objections: await listOwnObjections(ctx, verifiedSubjectOf(principal)) }
      },
    )

    app.post(
      '/v1/subjects/:subjectId/objections',
      {
        bodyLimit: BODY_LIMIT_SMALL,
        config: { policy: objectionsPolicy.fileOnBehalf },
        schema: {
          tags: ['objections'],
          summary: 'File an objection on behalf of a subject (an officer, e.g. at a service counter)',
          params: Type.Object({ subjectId: Type.String({ format: 'uuid' }) }),
          body: NewObjectionSchema,
          response: { 201: ObjectionSchema, ...problemResponses },
        },
      },
      async (request, reply) => {
        const principal = requireRole(request, ...objectionsPolicy.fileOnBehalf)
        return reply
          .status(201)
          .send(
            await fileObjection(ctx, actorOf(principal), request.params.subjectId, request.body, { onBehalf: true }),
          )
      },
    )

    app.get(
      '/v1/sources/me/objections',
      {
        config: { policy: objectionsPolicy.sourceQueue },
        schema: {
          tags: ['objections'],
          summary: 'Objections against my records, due first (undecided only unless all=true)',
          querystring: Type.Object({
            all: Type.Optional(Type.Boolean()),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
          }),
          response: { 200: SourceQueueSchema, ...problemResponses },
        },
      },
      async (request) => {
        const principal = requireRole(request, ...objectionsPolicy.sourceQueue)
        return listSourceQueue(ctx, principal.source, {
          all: request.query.all ?? false,
          limit: request.query.limit ?? 100,
        })
      },
    )

    app.post(
      '/v1/sources/me/objections/:objectionId/answer',
      {
        bodyLimit: BODY_LIMIT_RECORD,
        config: { policy: objectionsPolicy.answer },
        schema: {
          tags: ['objections'],
          summary:
            'Answer an objection against my record: verified, corrected (with the corrected record) or withdrawn',
          params: ObjectionId,
          body: Type.Object(
            {
              outcome: Type.Union([Type.Literal('verified'), Type.Literal('corrected'), Type.Literal('withdrawn')]),
              explanation: Text(4000),
              evidence: Type.Optional(EvidenceSchema()),
              record: Type.Optional(
                Type.Unknown({
                  description:
                    'for corrected: the corrected RecordEnvelope (same subject and sourceRecordId); stored as the new version with the answer',
                }),
              ),
            },
            { additionalProperties: false },
          ),
          response: { 200: ObjectionSchema, ...problemResponses },
        },
      },
      async (request) => {
        const principal = requireRole(request, ...objectionsPolicy.answer)
        return answerObjection(ctx, principal.source, actorOf(principal), request.params.objectionId, request.body)
      },
    )

    app.get(
      '/v1/objections',
      {
        config: { policy: objectionsPolicy.officerQueue },
        schema: {
          tags: ['objections'],
          summary:
            "The credit authority's queue: counts of undecided, overdue, due-soon and escalated objections, and the list",
          querystring: Type.Object({
            filter: Type.Optional(
              Type.Union(
                ['undecided', 'overdue', 'due_soon', 'escalated'].map((f) => Type.Literal(f)),
                { default: 'undecided' },
              ),
            ),
            withinDays: Type.Optional(
              Type.Integer({ minimum: 0, maximum: 60, default: 5, description: 'due soon: due within this many days' }),
            ),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
          }),
          response: {
            200: OfficerQueueSchema,
            ...problemResponses,
          },
        },
      },
      async (request) => {
        requireRole(request, ...objectionsPolicy.officerQueue)
        const filter = (request.query.filter ?? 'undecided') as 'undecided' | 'overdue' | 'due_soon' | 'escalated'
        return officerQueue(ctx, {
          filter,
          withinDays: request.query.withinDays ?? 5,
          limit: request.query.limit ?? 100,
        })
      },
    )

    app.get(
      '/v1/objections/:objectionId',
      {
        config: { policy: objectionsPolicy.read },
        schema: {
          tags: ['objections'],
          summary: 'One objection in full (the look is recorded)',
          params: ObjectionId,
          response: { 200: ObjectionSchema, ...problemResponses },
        },
      },
      async (request) =>
        readObjection(ctx, actorOf(requireRole(request, ...objectionsPolicy.read)), request.params.objectionId),
    )

    app.post(
      '/v1/objections/:objectionId/escalate',
      {
        bodyLimit: BODY_LIMIT_SMALL,
        config: { policy: objectionsPolicy.escalate },
        schema: {
          tags: ['objections'],
          summary: 'Escalate an undecided objection for a decision by the credit authority',
          params: ObjectionId,
          body: Type.Object({ reason: Text(2000) }, { additionalProperties: false }),
          response: { 200: ObjectionSchema, ...problemResponses },
        },
      },
      async (request) =>
        escalateObjection(
          ctx,
          actorOf(requireRole(request, ...objectionsPolicy.escalate)),
          request.params.objectionId,
          request.body.reason,
        ),
    )

    app.post(
      '/v1/objections/:objectionId/decision',
      {
        bodyLimit: BODY_LIMIT_SMALL,
        config: { policy: objectionsPolicy.decide },
        schema: {
          tags: ['objections'],
          summary:
            'Decide an escalated objection (or one against a list entry): upheld takes the item back, dismissed keeps it',
          params: ObjectionId,
          body: Type.Object(
            { outcome: Type.Union([Type.Literal('upheld'), Type.Literal('dismissed')]), reasons: Text(4000) },
            { additionalProperties: false },
          ),
          response: { 200: ObjectionSchema, ...problemResponses },
        },
      },
      async (request) =>
        decideObjection(
          ctx,
          actorOf(requireRole(request, ...objectionsPolicy.decide)),
          request.params.objectionId,
          request.body,
        ),
    )
  }
}

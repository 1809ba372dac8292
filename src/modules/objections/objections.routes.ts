import type { FastifyPluginAsync } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { BODY_LIMIT_RECORD, BODY_LIMIT_SMALL, requireRole } from '../../platform/http.ts'
import { actorOf, verifiedSubjectOf } from '../../platform/principal.ts'
import { problemResponses } from '../../platform/problem-schema.ts'
import { OBJECTION_ANSWER_DAYS } from '../catalogue/index.ts'
import { objectionsPolicy } from './objections.policy.ts'
import { answerObjection, decideObjection, escalateObjection, fileObjection, listOwnObjections, listSourceQueue, officerQueue, readObjection, type ObjectionsContext } from './objections.service.ts'

/** Non-empty text of at most `maxLength` characters: reasons, statements, explanations. */
export const TextSchema = (maxLength: number, description?: string) => Type.String({ minLength: 1, maxLength, ...(description ? { description } : {}) })
const Text = TextSchema

/** Evidence a subject or an officer attaches (objections, list entries, repair), up to 20 pieces. */
export const EvidenceSchema = (options: { minItems?: number } = {}) => Type.Array(Type.Object({
  description: Text(1000),
  documentName: Type.Optional(Type.String({ maxLength: 200 })),
  sha256: Type.Optional(Type.String({ pattern: '^[0-9a-f]{64}$', description: 'SHA-256 of the document, lowercase hex' })),
  documentId: Type.Optional(Type.String({ format: 'uuid', description: 'a document the subject uploaded (POST /v1/me/evidence): its name and SHA-256 are taken from it' })),
}, { additionalProperties: false }), { maxItems: 20, ...options })

const NewObjectionSchema = Type.Object({
  recordId: Type.String({ format: 'uuid' }),
  reasons: Text(4000, 'what is wrong with the record'),
  evidence: Type.Optional(EvidenceSchema()),
  statement: Type.Optional(Type.Union([Text(1000, 'a personal statement, shown with the record wherever it is shown'), Type.Null()])),
}, { additionalProperties: false })

const ObjectionSchema = Type.Object({
  objectionId: Type.String({ format: 'uuid' }),
  subjectId: Type.String({ format: 'uuid' }),
  target: Type.Object({
    type: Type.String(), id: Type.String({ format: 'uuid' }), kind: Type.Union([Type.String(), Type.Null()]), version: Type.Union([Type.Integer(), Type.Null()]),
    currentVersion: Type.Union([Type.Integer(), Type.Null()]), sourceRecordId: Type.Union([Type.String(), Type.Null()]), source: Type.Union([Type.String(), Type.Null()]),
  }),
  filedAt: Type.String({ format: 'date-time' }),
  filedBy: Type.String(),
  dueOn: Type.String({ format: 'date', description: "the last day the source's answer is due; from the next day the record is suppressed until answered" }),
  status: Type.String({ description: 'open, escalated, verified, corrected, withdrawn, upheld, dismissed, lapsed (the record was erased)' }),
  overdue: Type.Boolean(),
  reasons: Type.Optional(Type.String()),
  evidence: Type.Optional(EvidenceSchema()),
  statement: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  answer: Type.Optional(Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()])),
  answeredAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  answeredVersion: Type.Union([Type.Integer(), Type.Null()]),
  escalatedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  erased: Type.Boolean(),
  history: Type.Optional(Type.Array(Type.Object({ at: Type.String({ format: 'date-time' }), action: Type.String(), by: Type.String() }))),
})

const ObjectionId = Type.Object({ objectionId: Type.String({ format: 'uuid' }) })

export function objectionRoutes(ctx: ObjectionsContext): FastifyPluginAsync {
  return async (plain) => {
    const app = plain.withTypeProvider<TypeBoxTypeProvider>()

    app.post('/v1/me/objections', {
      bodyLimit: BODY_LIMIT_SMALL,
      config: { policy: objectionsPolicy.fileOwn },
      schema: {
        tags: ['self-service'], summary: 'Object to a record in my file',
        description: `The record is marked as under objection everywhere at once. Its source must answer within ${OBJECTION_ANSWER_DAYS} days; if it does not, the record is shown to nobody but you and the credit authority until it does.`,
        body: NewObjectionSchema, response: { 201: ObjectionSchema, ...problemResponses },
      },
    }, async (request, reply) => {
      const principal = requireRole(request, ...objectionsPolicy.fileOwn)
      return reply.status(201).send(await fileObjection(ctx, actorOf(principal), verifiedSubjectOf(principal), request.body, { onBehalf: false }))
    })

    app.get('/v1/me/objections', {
      config: { policy: objectionsPolicy.listOwn },
      schema: { tags: ['self-service'], summary: 'My objections and what became of them, with their history', response: { 200: Type.Object({ objections: Type.Array(ObjectionSchema) }), ...problemResponses } },
    }, async (request) => {
      const principal = requireRole(request, ...objectionsPolicy.listOwn)
      return { objections: await listOwnObjections(ctx, verifiedSubjectOf(principal)) }
    })

    app.post('/v1/subjects/:subjectId/objections', {
      bodyLimit: BODY_LIMIT_SMALL,
      config: { policy: objectionsPolicy.fileOnBehalf },
      schema: {
        tags: ['objections'], summary: 'File an objection on behalf of a subject (an officer, e.g. at a service counter)', security: [{ apiKey: [] }],
        params: Type.Object({ subjectId: Type.String({ format: 'uuid' }) }), body: NewObjectionSchema, response: { 201: ObjectionSchema, ...problemResponses },
      },
    }, async (request, reply) => {
      const principal = requireRole(request, ...objectionsPolicy.fileOnBehalf)
      return reply.status(201).send(await fileObjection(ctx, actorOf(principal), request.params.subjectId, request.body, { onBehalf: true }))
    })

    app.get('/v1/sources/me/objections', {
      config: { policy: objectionsPolicy.sourceQueue },
      schema: {
        tags: ['objections'], summary: 'Objections against my records, due first (undecided only unless all=true)', security: [{ apiKey: [] }],
        querystring: Type.Object({ all: Type.Optional(Type.Boolean()), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })) }),
        response: { 200: Type.Object({ today: Type.String({ format: 'date' }), objections: Type.Array(ObjectionSchema) }), ...problemResponses },
      },
    }, async (request) => {
      const principal = requireRole(request, ...objectionsPolicy.sourceQueue)
      return listSourceQueue(ctx, principal.source, { all: request.query.all ?? false, limit: request.query.limit ?? 100 })
    })

    app.post('/v1/sources/me/objections/:objectionId/answer', {
      bodyLimit: BODY_LIMIT_RECORD,
      config: { policy: objectionsPolicy.answer },
      schema: {
        tags: ['objections'], summary: 'Answer an objection against my record: verified, corrected (with the corrected record) or withdrawn', security: [{ apiKey: [] }],
        params: ObjectionId,
        body: Type.Object({
          outcome: Type.Union([Type.Literal('verified'), Type.Literal('corrected'), Type.Literal('withdrawn')]),
          explanation: Text(4000),
          evidence: Type.Optional(EvidenceSchema()),
          record: Type.Optional(Type.Unknown({ description: 'for corrected: the corrected RecordEnvelope (same subject and sourceRecordId); stored as the new version with the answer' })),
        }, { additionalProperties: false }),
        response: { 200: ObjectionSchema, ...problemResponses },
      },
    }, async (request) => {
      const principal = requireRole(request, ...objectionsPolicy.answer)
      return answerObjection(ctx, principal.source, actorOf(principal), request.params.objectionId, request.body)
    })

    app.get('/v1/objections', {
      config: { policy: objectionsPolicy.officerQueue },
      schema: {
        tags: ['objections'], summary: "The credit authority's queue: counts of undecided, overdue, due-soon and escalated objections, and the list", security: [{ apiKey: [] }],
        querystring: Type.Object({
          filter: Type.Optional(Type.Union(['undecided', 'overdue', 'due_soon', 'escalated'].map((f) => Type.Literal(f)), { default: 'undecided' })),
          withinDays: Type.Optional(Type.Integer({ minimum: 0, maximum: 60, default: 5, description: 'due soon: due within this many days' })),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
        }),
        response: {
          200: Type.Object({
            today: Type.String({ format: 'date' }), dueSoonUntil: Type.String({ format: 'date' }),
            counts: Type.Object({ undecided: Type.Integer(), overdue: Type.Integer(), dueSoon: Type.Integer(), escalated: Type.Integer() }),
            objections: Type.Array(ObjectionSchema),
          }), ...problemResponses,
        },
      },
    }, async (request) => {
      requireRole(request, ...objectionsPolicy.officerQueue)
      const filter = (request.query.filter ?? 'undecided') as 'undecided' | 'overdue' | 'due_soon' | 'escalated'
      return officerQueue(ctx, { filter, withinDays: request.query.withinDays ?? 5, limit: request.query.limit ?? 100 })
    })

    app.get('/v1/objections/:objectionId', {
      config: { policy: objectionsPolicy.read },
      schema: { tags: ['objections'], summary: 'One objection in full (the look is recorded)', security: [{ apiKey: [] }], params: ObjectionId, response: { 200: ObjectionSchema, ...problemResponses } },
    }, async (request) => readObjection(ctx, actorOf(requireRole(request, ...objectionsPolicy.read)), request.params.objectionId))

    app.post('/v1/objections/:objectionId/escalate', {
      bodyLimit: BODY_LIMIT_SMALL,
      config: { policy: objectionsPolicy.escalate },
      schema: {
        tags: ['objections'], summary: 'Escalate an undecided objection for a decision by the credit authority', security: [{ apiKey: [] }],
        params: ObjectionId, body: Type.Object({ reason: Text(2000) }, { additionalProperties: false }), response: { 200: ObjectionSchema, ...problemResponses },
      },
    }, async (request) => escalateObjection(ctx, actorOf(requireRole(request, ...objectionsPolicy.escalate)), request.params.objectionId, request.body.reason))

    app.post('/v1/objections/:objectionId/decision', {
      bodyLimit: BODY_LIMIT_SMALL,
      config: { policy: objectionsPolicy.decide },
      schema: {
        tags: ['objections'], summary: 'Decide an escalated objection (or one against a list entry): upheld takes the item back, dismissed keeps it', security: [{ apiKey: [] }],
        params: ObjectionId,
        body: Type.Object({ outcome: Type.Union([Type.Literal('upheld'), Type.Literal('dismissed')]), reasons: Text(4000) }, { additionalProperties: false }),
        response: { 200: ObjectionSchema, ...problemResponses },
      },
    }, async (request) => decideObjection(ctx, actorOf(requireRole(request, ...objectionsPolicy.decide)), request.params.objectionId, request.body))
  }
}

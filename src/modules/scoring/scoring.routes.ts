import type { FastifyPluginAsync } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { AppError } from '../../platform/app-error.ts'
import { BODY_LIMIT_SMALL, requireRole } from '../../platform/http.ts'
import { actorOf } from '../../platform/principal.ts'
import { problemResponses } from '../../platform/problem-schema.ts'
import type { RecordsContext } from '../records/index.ts'
import { readSubjectIdentity, subjectIdFor } from '../subjects/index.ts'
import { scoringPolicy } from './scoring.policy.ts'
import {
  ModelsSchema,
  ModelSummary,
  PersonScoresSchema,
  StabilityQuery,
  StabilitySchema,
  StabilitySummarySchema,
} from './scoring.schemas.ts'
import { listPersonScores } from './person-scores.ts'
import { modelStability, stabilitySummary } from './monitoring.ts'
import { verifiedSubjectOf } from '../../platform/principal.ts'
import {
  getModel,
  listModels,
  publishModel,
  scorePerson,
  scoringPurposes,
  withdrawModel,
  type ScoringContext,
} from './registry.ts'

const MODEL_BODY_LIMIT = 8 * 1024 * 1024

const ModelId = Type.Object({ modelId: Type.String({ format: 'uuid' }) })
const ScoreSchema = Type.Object({
  subjectId: Type.String({ format: 'uuid' }),
  scoredAt: Type.String({ format: 'date-time' }),
  model: Type.Object({ modelId: Type.String({ format: 'uuid' }), name: Type.String(), version: Type.Integer() }),
  score: Type.Integer(),
  band: Type.Object({ code: Type.String(), name: Type.String(), probabilityBad: Type.Number() }),
  reasons: Type.Array(Type.Object({ code: Type.String(), text: Type.String(), pointsLost: Type.Integer() }), {
    description: 'the four features that cost the most points, and a fifth if inquiries cost points',
  }),
  values: Type.Record(Type.String(), Type.Union([Type.Number(), Type.String(), Type.Null()]), {
    description:
      "the values the score used, by the model's column: each characteristic computed from the person's credit file as of now (null: nothing to count), each input the lender sent",
  }),
  adverseActionNotice: Type.String(),
})

export function scoringRoutes(ctx: ScoringContext & RecordsContext): FastifyPluginAsync {
  return async (plain) => {
    const app = plain.withTypeProvider<TypeBoxTypeProvider>()

    app.get(
      '/v1/models',
      {
        config: { policy: scoringPolicy.models },
        schema: {
          tags: ['models'],
          summary: 'Every scoring model ever published, in force or withdrawn',
          response: { 200: ModelsSchema, ...problemResponses },
        },
      },
      async () => ({ models: await listModels(ctx) }),
    )

    app.get(
      '/v1/models/:modelId',
      {
        config: { policy: scoringPolicy.models },
        schema: {
          tags: ['models'],
          summary: 'A published model, bin by bin: anyone can recompute a score from it',
          params: ModelId,
          response: { 200: Type.Object({ summary: ModelSummary, model: Type.Unknown() }), ...problemResponses },
        },
      },
      async (request) => {
        const found = await getModel(ctx, request.params.modelId)
        if (!found) throw new AppError('model.not_found', 'no such model', [{ pointer: '/modelId', detail: 'unknown' }])
        return found
      },
    )

    app.get(
      '/v1/models/:modelId/stability',
      {
        config: { policy: scoringPolicy.stability },
        schema: {
          tags: ['models'],
          summary:
            "A model's stability in a month: PSI of its score bands and of each characteristic, and the characteristic analysis, from the scores it gave",
          params: ModelId,
          querystring: StabilityQuery,
          response: { 200: StabilitySchema, ...problemResponses },
        },
      },
      async (request) => modelStability(ctx, request.params.modelId, request.query.month),
    )

    app.get(
      '/v1/public/model-stability',
      {
        config: { policy: scoringPolicy.stabilitySummary },
        schema: {
          tags: ['models'],
          summary: "Each model's stability in a month, in summary: its scores, PSI and flag; no person in it",
          querystring: StabilityQuery,
          response: { 200: StabilitySummarySchema, ...problemResponses },
        },
      },
      async (request) => stabilitySummary(ctx, request.query.month),
    )

    app.post(
      '/v1/models',
      {
        bodyLimit: MODEL_BODY_LIMIT,
        config: { policy: scoringPolicy.publish },
        schema: {
          tags: ['models'],
          summary: `Publish a fitted model file (fides model fit) for ${scoringPurposes.join(' or ')}; only published models score`,
          body: Type.Object(
            {
              purpose: Type.String(),
              model: Type.Unknown(),
              reasons: Type.String({
                minLength: 1,
                maxLength: 4000,
                description: 'why it is published (validation, approval), shown with it',
              }),
            },
            { additionalProperties: false },
          ),
          response: { 201: ModelSummary, ...problemResponses },
        },
      },
      async (request, reply) => {
        const principal = requireRole(request, ...scoringPolicy.publish)
        return reply.status(201).send(await publishModel(ctx, actorOf(principal), request.body))
      },
    )

    app.post(
      '/v1/models/:modelId/withdraw',
      {
        config: { policy: scoringPolicy.publish },
        schema: {
          tags: ['models'],
          summary: 'Withdraw a model: it scores no more, and stays published for the scores it gave',
          params: ModelId,
          body: Type.Object(
            { reasons: Type.String({ minLength: 1, maxLength: 4000 }) },
            { additionalProperties: false },
          ),
          response: { 200: ModelSummary, ...problemResponses },
        },
      },
      async (request) =>
        withdrawModel(
          ctx,
          actorOf(requireRole(request, ...scoringPolicy.publish)),
          request.params.modelId,
          request.body.reasons,
        ),
    )

    app.post(
      '/v1/scores',
      {
        bodyLimit: BODY_LIMIT_SMALL,
        validatorCompiler: () => () => true,
        config: { policy: scoringPolicy.score },
        schema: {
          tags: ['scores'],
          summary: "A credit score of a person for a lending purpose, with the person's consent; the person sees it",
          description:
            "The person and the purpose: a model's characteristics are computed from the person's credit file as of now (the finance records Fides holds); a model of lender-supplied inputs takes them in `features`, the published model's inputs (GET /v1/models) and nothing else: a protected characteristic, or a characteristic of the file, is refused. The answer has the score, its band, the reasons that cost the most points, the values used and the text of an adverse-action notice.",
          body: Type.Object({
            subject: Type.Object({ residentId: Type.String(), name: Type.String() }),
            purpose: Type.String(),
            model: Type.Optional(Type.String()),
            features: Type.Optional(
              Type.Record(Type.String(), Type.Union([Type.String(), Type.Number(), Type.Null()]), {
                description: 'only for a model whose inputs a lender supplies (declared finance elements)',
              }),
            ),
          }),
          response: { 200: ScoreSchema, ...problemResponses },
        },
      },
      async (request) => {
        const principal = requireRole(request, ...scoringPolicy.score)
        const body = (request.body ?? {}) as {
          subject?: unknown
          purpose?: unknown
          model?: unknown
          features?: unknown
        }
        const problems = [
          ...(typeof body.purpose === 'string' ? [] : [{ pointer: '/purpose', detail: 'required' }]),
          ...(body.model === undefined || typeof body.model === 'string'
            ? []
            : [{ pointer: '/model', detail: 'a model name' }]),
          ...(body.features === undefined ||
          (typeof body.features === 'object' && body.features !== null && !Array.isArray(body.features))
            ? []
            : [{ pointer: '/features', detail: "an object of the model's inputs" }]),
        ]
        if (problems.length > 0) throw new AppError('request.invalid', 'the purpose is required', problems)
        const identity = readSubjectIdentity(body.subject, '/subject', { today: ctx.clock.now(), mayFlag: false })
        if (identity instanceof AppError) throw identity
        if (identity.kind !== 'person')
          throw new AppError('request.invalid', 'scores are of natural persons; organisations have ratings', [
            { pointer: '/subject', detail: 'a residentId and name' },
          ])
        return scorePerson(ctx, principal.relyingParty, actorOf(principal), {
          subjectId: subjectIdFor(ctx.keys, identity),
          purpose: body.purpose as string,
          model: body.model as string | undefined,
          features: body.features as Record<string, unknown> | undefined,
        })
      },
    )

    app.get(
      '/v1/me/scores',
      {
        config: { policy: scoringPolicy.ownScores },
        schema: {
          tags: ['self-service'],
          summary:
            'Every credit score given about me: who asked and why, the score, its reasons and the values it used',
          response: { 200: PersonScoresSchema, ...problemResponses },
        },
      },
      async (request) => ({
        scores: await listPersonScores(
          ctx.database.db,
          verifiedSubjectOf(requireRole(request, ...scoringPolicy.ownScores)),
        ),
      }),
    )
  }
}

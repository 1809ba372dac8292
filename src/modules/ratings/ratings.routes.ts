import type { FastifyPluginAsync } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { AppError } from '../../platform/app-error.ts'
import { listSubjectEvents } from '../../platform/audit.ts'
import { requireRole } from '../../platform/http.ts'
import { actorOf, verifiedSubjectOf } from '../../platform/principal.ts'
import { problemResponses } from '../../platform/problem-schema.ts'
import { inquiryWriter } from '../access/index.ts'
import { ratingsPolicy } from './ratings.policy.ts'
import { OwnRatingSchema, RatingSchema } from './ratings.schemas.ts'
import { findRating, publicGrade, readRating, type RatingsContext } from './ratings.service.ts'

/** The measure domain of credit-based supervision: a department inspects by grade only if it holds it. */
const INSPECTIONS = 'inspections'

const SubjectId = Type.Object({ subjectId: Type.String({ format: 'uuid' }) })

export function ratingsRoutes(ctx: RatingsContext): FastifyPluginAsync {
  return async (plain) => {
    const app = plain.withTypeProvider<TypeBoxTypeProvider>()

    app.get(
      '/v1/ratings/model',
      {
        config: { policy: ratingsPolicy.model },
        schema: {
          tags: ['ratings'],
          summary:
            'The enterprise rating model in force: every component, its points, fading and cap, the grades and the inspection tiers',
          response: { 200: Type.Unknown({ description: 'the rating model in force' }), ...problemResponses },
        },
      },
      async () => ctx.rating.model,
    )

    app.get(
      '/v1/public/subjects/:subjectId/rating',
      {
        config: { policy: ratingsPolicy.publicGrade },
        schema: {
          tags: ['public'],
          summary: "An organisation's credit grade, where the model discloses grades",
          params: SubjectId,
          response: {
            200: Type.Object({
              subjectId: Type.String(),
              model: Type.Object({ code: Type.String(), version: Type.String() }),
              ratedOn: Type.String(),
              grade: Type.String(),
            }),
            ...problemResponses,
          },
        },
      },
      async (request) => {
        const found = await publicGrade(ctx, request.params.subjectId)
        if (!found)
          throw new AppError('rating.not_public', 'no public grade for this subject', [
            { pointer: '/subjectId', detail: 'not rated, or the model does not disclose grades' },
          ])
        return { subjectId: request.params.subjectId, ...found }
      },
    )

    app.get(
      '/v1/ratings/:subjectId',
      {
        config: { policy: ratingsPolicy.read },
        schema: {
          tags: ['ratings'],
          summary:
            "An organisation's rating with its reasons and inspection tier (officers, auditors, inspecting departments; the look is shown to the organisation)",
          params: SubjectId,
          response: { 200: RatingSchema, ...problemResponses },
        },
      },
      async (request) => {
        const principal = requireRole(request, ...ratingsPolicy.read)
        if (principal.role === 'department' && !principal.department.domains.has(INSPECTIONS)) {
          throw new AppError(
            'check.domain_not_registered',
            `${principal.department.name} is not registered for ${INSPECTIONS}: ratings serve credit-based supervision`,
            [{ pointer: '/subjectId', detail: 'not an inspecting department' }],
          )
        }
        const byName =
          principal.role === 'department'
            ? principal.department.displayName
            : principal.role === 'auditor'
              ? 'auditor'
              : 'credit officer'
        const writer = inquiryWriter(ctx.database)
        return readRating(ctx, actorOf(principal), byName, request.params.subjectId, (event) =>
          writer.append(ctx.clock.now(), event),
        )
      },
    )

    app.get(
      '/v1/me/rating',
      {
        config: { policy: ratingsPolicy.own },
        schema: {
          tags: ['self-service'],
          summary: 'My rating (organisations): score, grade, every reason, the inspection tier, and its history',
          response: {
            200: OwnRatingSchema,
            ...problemResponses,
          },
        },
      },
      async (request) => {
        const subjectId = verifiedSubjectOf(requireRole(request, ...ratingsPolicy.own))
        const history = (await listSubjectEvents(ctx.database.db, subjectId, ['rating.changed'])).map((e) => ({
          at: e.occurredAt,
          score: Number(e.payload.score),
          grade: String(e.payload.grade),
          previousGrade: (e.payload.previousGrade as string | null) ?? null,
        }))
        return { rating: (await findRating(ctx, subjectId)) ?? null, history }
      },
    )
  }
}

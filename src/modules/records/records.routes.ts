import type { FastifyPluginAsync } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { AppError } from '../../platform/app-error.ts'
import { chinaDate } from '../../platform/calendar.ts'
import { actorOf, verifiedSubjectOf } from '../../platform/principal.ts'
import { BODY_LIMIT_RECORD, BODY_LIMIT_SMALL, requireRole } from '../../platform/http.ts'
import { problemResponses } from '../../platform/problem-schema.ts'
import { parseNdjson } from '../../platform/parsers/index.ts'
import type { RecordsContext } from './records.context.ts'
import { ingest, submitRecord, type IngestResult, type Rejection } from './records.ingest.ts'
import { getCreditFile, getPublicFile, getReport, getReportByIdentifier } from './records.read.ts'
import { browsePublicRecords, publicityAgencies } from './records.publicity.ts'

/** Licences or penalties a page, when browsing them. */
const PUBLICITY_PAGE = 20
import {
  BatchResponseSchema,
  CreditFileSchema,
  IngestResultSchema,
  PublicFileSchema,
  PublicProfileSchema,
  PublicityPageSchema,
  PublicityQuerySchema,
  RecordEnvelopeSchema,
  ReportRequestSchema,
  ReportSchema,
} from './records.schemas.ts'
import { fromParsedLines } from './records.import.ts'
import { recordsPolicy } from './records.policy.ts'
import { exportForSubject, renderExportHtml, type OwnHoldings } from './records.export.ts'
import { accountsPolicy } from '../access/index.ts'

async function* oneChunk(text: string): AsyncGenerator<string> {
  yield text
}

function countLines(text: string, limit: number): number {
  let lines = 0
  let start = 0
  while (start < text.length) {
    let end = text.indexOf('\n', start)
    if (end === -1) end = text.length
    if (text.slice(start, end).trim() !== '') lines++
    if (lines > limit) return lines
    start = end + 1
  }
  return lines
}

/** What other modules show the public about an organisation (its list entries, its grade); wired in app.ts. */
export type PublicHoldings = (subjectId: string) => Promise<{
  listEntries: unknown[]
  rating: { grade: string; ratedOn: string; model: { code: string; version: string } } | null
}>

export function recordRoutes(
  ctx: RecordsContext & { batchLimit: number; ownHoldings?: OwnHoldings; publicHoldings?: PublicHoldings },
): FastifyPluginAsync {
  return async (plain) => {
    const app = plain.withTypeProvider<TypeBoxTypeProvider>()
    app.addSchema(RecordEnvelopeSchema)
    app.addContentTypeParser('application/x-ndjson', { parseAs: 'string' }, (_request, body, done) => done(null, body))

    app.post(
      '/v1/records',
      {
        bodyLimit: BODY_LIMIT_RECORD,
        config: { policy: recordsPolicy.submit },
        // The envelope is checked by the same validator as bulk imports, so every path gives the same codes and pointers.
        validatorCompiler: () => () => true,
        schema: {
          tags: ['records'],
          summary: 'Submit one credit record',
          description:
            'Idempotent by (source, sourceRecordId): the same content again is a no-op (200), other content becomes a new version (201).',
          body: Type.Ref('RecordEnvelope'),
          response: { 200: IngestResultSchema, 201: IngestResultSchema, ...problemResponses },
        },
      },
      async (request, reply) => {
        const principal = requireRole(request, ...recordsPolicy.submit)
        const result = await submitRecord(ctx, principal.source, actorOf(principal), request.body)
        return reply.status(result.status === 'unchanged' ? 200 : 201).send(result)
      },
    )

    app.post(
      '/v1/records/batch',
      {
        config: { policy: recordsPolicy.submitBatch },
        schema: {
          tags: ['records'],
          summary: 'Submit up to 10,000 records as NDJSON',
          description:
            'Content-Type: application/x-ndjson, one RecordEnvelope per line. Each bad line gets its own error; the good lines are stored.',
          response: { 200: BatchResponseSchema, ...problemResponses },
        },
      },
      async (request) => {
        const principal = requireRole(request, ...recordsPolicy.submitBatch)
        if (typeof request.body !== 'string')
          throw new AppError('request.unsupported_media_type', 'send the batch as application/x-ndjson')
        const lines = countLines(request.body, ctx.batchLimit)
        if (lines > ctx.batchLimit) {
          throw new AppError(
            'record.batch_too_large',
            `a batch holds at most ${ctx.batchLimit} records; use several batches or the bulk importer`,
            [{ pointer: '', detail: `more than ${ctx.batchLimit} lines` }],
          )
        }
        const results: IngestResult[] = []
        const errors: Rejection[] = []
        const summary = await ingest(
          ctx,
          principal.source,
          actorOf(principal),
          fromParsedLines(parseNdjson(oneChunk(request.body))),
          {
            onRejected: (r) => errors.push(r),
            onResults: (r) => results.push(...r),
          },
        )
        // Not how many subjects were new: that would tell a source whether others hold data on a person.
        const { subjectsRegistered: _new, ...counts } = summary
        return { ...counts, results, errors }
      },
    )

    app.get(
      '/v1/reports/:subjectId',
      {
        config: { policy: recordsPolicy.readReport },
        schema: {
          tags: ['reports'],
          summary: 'A credit report for a declared lawful purpose (relying parties)',
          description:
            "The purpose must be one the relying party is registered for; a report on a natural person needs the person's valid consent. Every report is an inquiry the subject can see.",
          params: Type.Object({ subjectId: Type.String({ format: 'uuid' }) }),
          querystring: Type.Object({
            purpose: Type.String({
              description:
                'credit_application, account_review, judgment_collection, public_procurement_check, licensing_check, regulatory_supervision',
            }),
          }),
          response: { 200: ReportSchema, ...problemResponses },
        },
      },
      async (request) => {
        const principal = requireRole(request, ...recordsPolicy.readReport)
        return getReport(ctx, request.params.subjectId, principal.relyingParty, request.query.purpose)
      },
    )

    // A POST, so that an identity number never appears in a URL or an access log.
    app.post(
      '/v1/reports',
      {
        bodyLimit: BODY_LIMIT_SMALL,
        config: { policy: recordsPolicy.readReport },
        // read by the subjects' reader, so the codes and pointers are those of a record's subject
        validatorCompiler: () => () => true,
        schema: {
          tags: ['reports'],
          summary:
            'A credit report on a subject given by its identifier: an organisation by USCC, a person by identity number and name',
          description:
            "As GET /v1/reports/{subjectId}, for a subject whose id the relying party does not know. A person is found only by identity number and name together, and only with the person's valid consent: an unknown number, or a name that is not the person's, is refused as a missing consent is (access.consent_required), so the answer never tells whether Fides holds a person. Every report is an inquiry the subject can see.",
          body: ReportRequestSchema,
          response: { 200: ReportSchema, ...problemResponses },
        },
      },
      async (request) => {
        const principal = requireRole(request, ...recordsPolicy.readReport)
        const body = (request.body ?? {}) as { subject?: unknown; purpose?: unknown }
        return getReportByIdentifier(ctx, body.subject, principal.relyingParty, body.purpose)
      },
    )

    app.get(
      '/v1/public/subjects/:subjectId',
      {
        config: { policy: recordsPolicy.readPublic },
        schema: {
          tags: ['public'],
          summary: "An organisation's public credit information (no credentials)",
          description:
            'Records whose kind is disclosed to the public, inside their display window. Organisations and public bodies only: natural persons have no public file.',
          params: Type.Object({ subjectId: Type.String({ format: 'uuid' }) }),
          response: { 200: PublicFileSchema, ...problemResponses },
        },
      },
      async (request) => getPublicFile(ctx, request.params.subjectId),
    )

    app.get(
      '/v1/public/subjects/:subjectId/profile',
      {
        config: { policy: recordsPolicy.readPublic },
        schema: {
          tags: ['public'],
          summary:
            "An organisation's whole public profile in one answer: its public file, its entries on public lists and its grade where the rating model discloses it",
          description:
            'The same as /v1/public/subjects/{id}, /list-entries and /rating together (one round trip, for pages).',
          params: Type.Object({ subjectId: Type.String({ format: 'uuid' }) }),
          response: {
            200: PublicProfileSchema,
            ...problemResponses,
          },
        },
      },
      async (request) => {
        // the three reads at once: the page waits for the slowest, not for their sum
        const [file, more] = await Promise.all([
          getPublicFile(ctx, request.params.subjectId),
          ctx.publicHoldings ? ctx.publicHoldings(request.params.subjectId) : { listEntries: [], rating: null },
        ])
        return { ...file, ...more, generatedAt: ctx.clock.now().toISOString() }
      },
    )

    app.get(
      '/v1/me/file',
      {
        config: { policy: accountsPolicy.ownFile },
        schema: {
          tags: ['self-service'],
          summary: 'My whole file: every record held on me, every version, free and unlimited',
          querystring: Type.Object({ history: Type.Optional(Type.Boolean({ default: true })) }),
          response: { 200: CreditFileSchema, ...problemResponses },
        },
      },
      async (request) => {
        const principal = requireRole(request, ...accountsPolicy.ownFile)
        return getCreditFile(ctx, verifiedSubjectOf(principal), {
          history: request.query.history ?? true,
          viewer: principal,
        })
      },
    )

    app.get(
      '/v1/me/export',
      {
        config: { policy: accountsPolicy.ownExport },
        schema: {
          tags: ['self-service'],
          summary: 'Download everything held on me: JSON, or a printable HTML page with ?format=html',
          querystring: Type.Object({ format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('html')])) }),
          response: {
            200: Type.Unknown({ description: 'everything held on me, as a JSON attachment or a printable HTML page' }),
            ...problemResponses,
          },
        },
      },
      async (request, reply) => {
        const principal = requireRole(request, ...accountsPolicy.ownExport)
        const data = await exportForSubject(ctx, verifiedSubjectOf(principal), principal)
        const day = chinaDate(new Date(data.generatedAt))
        if (request.query.format === 'html') {
          return reply
            .type('text/html; charset=utf-8')
            .header('content-disposition', `inline; filename="fides-file-${day}.html"`)
            .header('cache-control', 'no-store')
            .send(renderExportHtml(data))
        }
        return reply
          .type('application/json; charset=utf-8')
          .header('content-disposition', `attachment; filename="fides-file-${day}.json"`)
          .header('cache-control', 'no-store')
          .send(JSON.stringify(data, null, 2))
      },
    )

    app.get(
      '/v1/subjects/:subjectId/file',
      {
        config: { policy: recordsPolicy.readFile },
        schema: {
          tags: ['subjects'],
          summary: "A subject's credit file, grouped by catalogue category",
          description:
            'A source sees the records it submitted; an officer sees all of them, and each look is written to the audit trail.',
          params: Type.Object({ subjectId: Type.String({ format: 'uuid' }) }),
          querystring: Type.Object({
            history: Type.Optional(Type.Boolean({ default: false, description: 'include superseded versions' })),
          }),
          response: { 200: CreditFileSchema, ...problemResponses },
        },
      },
      async (request) => {
        const viewer = requireRole(request, ...recordsPolicy.readFile)
        return getCreditFile(ctx, request.params.subjectId, { history: request.query.history ?? false, viewer })
      },
    )

    app.get(
      '/v1/public/records',
      {
        config: { policy: recordsPolicy.readPublic },
        schema: {
          tags: ['public'],
          summary:
            'Administrative licences or penalties decided on organisations ("double publicity"), newest first, by agency, region and date',
          description:
            "What the organisations' public files show (public kinds inside their display window, in good standing), 20 a page; never a natural person. `agencies` are the sources there are to filter by.",
          querystring: PublicityQuerySchema,
          response: { 200: PublicityPageSchema, ...problemResponses },
        },
      },
      async (request) => {
        const q = request.query
        const [page, agencies] = await Promise.all([
          browsePublicRecords(ctx, {
            category: q.category,
            page: q.page ?? 1,
            size: PUBLICITY_PAGE,
            ...(q.source === undefined ? {} : { sourceId: q.source.toLowerCase() }),
            ...(q.region === undefined ? {} : { region: q.region }),
            ...(q.from === undefined ? {} : { from: q.from }),
            ...(q.to === undefined ? {} : { to: q.to }),
          }),
          publicityAgencies(ctx, q.category),
        ])
        return { ...page, agencies }
      },
    )
  }
}

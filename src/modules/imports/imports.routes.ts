import type { FastifyPluginAsync } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { Readable } from 'node:stream'
import { AppError } from '../../platform/app-error.ts'
import { requireRole } from '../../platform/http.ts'
import { actorOf } from '../../platform/principal.ts'
import { problemResponses } from '../../platform/problem-schema.ts'
import { toCsvRow } from '../../platform/parsers/index.ts'
import { rejectCsvLine, REJECTS_CSV_HEADER, type ImportFormat } from '../records/index.ts'
import { rmdir } from 'node:fs/promises'
import { importsPolicy } from './imports.policy.ts'
import { ImportJobSchema, ImportJobsSchema, RejectedLinesSchema } from './imports.schemas.ts'
import {
  getImport,
  importRejects,
  importsIdle,
  listImports,
  rejectedLines,
  startImport,
  type ImportsContext,
} from './imports.service.ts'

const FORMATS: Record<string, ImportFormat> = { 'text/csv': 'csv', 'application/x-ndjson': 'ndjson' }

const JobParams = Type.Object({ jobId: Type.String({ format: 'uuid' }) })

export function importRoutes(ctx: ImportsContext & { uploadMaxBytes: number }): FastifyPluginAsync {
  return async (plain) => {
    const app = plain.withTypeProvider<TypeBoxTypeProvider>()
    // the upload is streamed to disk, never held in memory: the parser hands the raw stream on
    app.addContentTypeParser(Object.keys(FORMATS), (_request, payload, done) => done(null, payload))
    app.addHook('onClose', async () => {
      await importsIdle(ctx.database)
      // an empty spool directory goes too (it is made again, 0700, for the next upload)
      await rmdir(ctx.spoolDir).catch(() => undefined)
    })

    app.post(
      '/v1/imports',
      {
        config: { policy: importsPolicy.upload },
        schema: {
          tags: ['imports'],
          summary: 'Upload a file of records (CSV or NDJSON) and import it in the background',
          description:
            'Content-Type text/csv (the columns of `fides import`) or application/x-ndjson (one RecordEnvelope per line). Answers 202 with the job once the file is received; follow it at GET /v1/imports/{jobId} and download the rejected lines at GET /v1/imports/{jobId}/rejects.',
          querystring: Type.Object({ fileName: Type.Optional(Type.String({ maxLength: 200 })) }),
          response: { 202: ImportJobSchema, ...problemResponses },
        },
      },
      async (request, reply) => {
        const principal = requireRole(request, ...importsPolicy.upload)
        const format = FORMATS[(request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase()]
        if (!format || !request.body)
          throw new AppError('request.unsupported_media_type', 'send the file as text/csv or application/x-ndjson', [
            { pointer: '', detail: 'unsupported content type' },
          ])
        const job = await startImport(ctx, principal.source, actorOf(principal), {
          body: request.body as Readable,
          fileName: request.query.fileName ?? `upload.${format}`,
          format,
          maxBytes: ctx.uploadMaxBytes,
          uploadedBy: principal.keyId,
        })
        return reply.status(202).header('location', `/v1/imports/${job.jobId}`).send(job)
      },
    )

    app.get(
      '/v1/imports',
      {
        config: { policy: importsPolicy.read },
        schema: {
          tags: ['imports'],
          summary: "This source's last 50 imports, newest first",
          response: { 200: ImportJobsSchema, ...problemResponses },
        },
      },
      async (request) => ({ imports: await listImports(ctx, requireRole(request, ...importsPolicy.read).source) }),
    )

    app.get(
      '/v1/imports/:jobId',
      {
        config: { policy: importsPolicy.read },
        schema: {
          tags: ['imports'],
          summary: 'One import: its progress and counts',
          params: JobParams,
          response: { 200: ImportJobSchema, ...problemResponses },
        },
      },
      async (request) => getImport(ctx, requireRole(request, ...importsPolicy.read).source, request.params.jobId),
    )

    app.get(
      '/v1/imports/:jobId/rejected-lines',
      {
        config: { policy: importsPolicy.read },
        schema: {
          tags: ['imports'],
          summary: 'The rejected lines of an import as JSON, a page at a time, in line order',
          params: JobParams,
          querystring: Type.Object({
            after: Type.Optional(Type.Integer({ minimum: 0, description: 'only lines after this one' })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
          }),
          response: { 200: RejectedLinesSchema, ...problemResponses },
        },
      },
      async (request) =>
        rejectedLines(
          ctx,
          requireRole(request, ...importsPolicy.read).source,
          request.params.jobId,
          request.query.after ?? 0,
          request.query.limit ?? 100,
        ),
    )

    app.get(
      '/v1/imports/:jobId/rejects',
      {
        config: { policy: importsPolicy.read },
        schema: {
          tags: ['imports'],
          summary: 'The rejected lines of an import as CSV: line, code, pointer, detail, source_record_id',
          params: JobParams,
          response: { 200: { content: { 'text/csv': { schema: Type.String() } } }, ...problemResponses },
        },
      },
      async (request, reply) => {
        const { job, rejects } = await importRejects(
          ctx,
          requireRole(request, ...importsPolicy.read).source,
          request.params.jobId,
        )
        // streamed a page at a time: a file can have millions of bad lines
        const csv = Readable.from(
          (async function* () {
            yield toCsvRow([...REJECTS_CSV_HEADER])
            for await (const r of rejects) yield rejectCsvLine(r)
          })(),
        )
        const name = job.fileName.replace(/\.[^.]*$/, '').replace(/[^A-Za-z0-9._-]/g, '_') || 'import'
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="${name}.rejects.csv"`)
          .send(csv)
      },
    )
  }
}

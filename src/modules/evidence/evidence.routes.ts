import type { FastifyPluginAsync, FastifyRequest } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { AppError } from '../../platform/app-error.ts'
import { requireRole } from '../../platform/http.ts'
import { actorOf, verifiedSubjectOf } from '../../platform/principal.ts'
import { problemResponses } from '../../platform/problem-schema.ts'
import { evidencePolicy } from './evidence.policy.ts'
import { DocumentSchema } from './evidence.schemas.ts'
import { downloadName } from './evidence.ts'
import {
  EVIDENCE_MAX_BYTES,
  EVIDENCE_MEDIA_TYPES,
  readDocument,
  uploadDocument,
  type EvidenceContext,
} from './evidence.service.ts'

const download = {
  200: {
    content: Object.fromEntries(EVIDENCE_MEDIA_TYPES.map((t) => [t, { schema: Type.String({ format: 'binary' }) }])),
  },
  ...problemResponses,
}

/** A document sent as its own bytes (the body, one of the evidence types): its name, type and content. */
export function documentSent(
  request: FastifyRequest,
  fileName: string | undefined,
): { name: string; mediaType: string; content: Buffer } {
  if (!Buffer.isBuffer(request.body))
    throw new AppError(
      'request.unsupported_media_type',
      `send the document as one of ${EVIDENCE_MEDIA_TYPES.join(', ')}`,
      [{ pointer: '', detail: 'unsupported content type' }],
    )
  const mediaType = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase()
  return { name: fileName ?? 'document', mediaType, content: request.body }
}

export function evidenceRoutes(ctx: EvidenceContext): FastifyPluginAsync {
  return async (plain) => {
    const app = plain.withTypeProvider<TypeBoxTypeProvider>()
    app.addContentTypeParser(
      [...EVIDENCE_MEDIA_TYPES],
      { parseAs: 'buffer', bodyLimit: EVIDENCE_MAX_BYTES },
      (_request, body, done) => done(null, body),
    )

    app.post(
      '/v1/me/evidence',
      {
        bodyLimit: EVIDENCE_MAX_BYTES,
        config: { policy: evidencePolicy.upload },
        schema: {
          tags: ['self-service'],
          summary:
            'Upload an evidence document (PDF, PNG, JPEG or text, up to 10 MiB), then cite its documentId in an objection or a repair application',
          description: 'Stored encrypted. A document no objection or application cites is deleted after a week.',
          querystring: Type.Object({ fileName: Type.Optional(Type.String({ maxLength: 200 })) }),
          response: { 201: DocumentSchema, ...problemResponses },
        },
      },
      async (request, reply) => {
        const principal = requireRole(request, ...evidencePolicy.upload)
        const stored = await uploadDocument(
          ctx,
          actorOf(principal),
          verifiedSubjectOf(principal),
          documentSent(request, request.query.fileName),
        )
        return reply.status(201).send(stored)
      },
    )

    app.get(
      '/v1/me/evidence/:documentId',
      {
        config: { policy: evidencePolicy.readOwn },
        schema: {
          tags: ['self-service'],
          summary: 'One of my evidence documents',
          params: Type.Object({ documentId: Type.String({ format: 'uuid' }) }),
          response: download,
        },
      },
      async (request, reply) => {
        const principal = requireRole(request, ...evidencePolicy.readOwn)
        const doc = await readDocument(
          ctx,
          { actor: actorOf(principal), own: true },
          verifiedSubjectOf(principal),
          request.params.documentId,
        )
        return reply
          .type(doc.mediaType)
          .header('content-disposition', `attachment; filename="${downloadName(doc.documentId, doc.mediaType)}"`)
          .header('cache-control', 'no-store')
          .send(doc.content)
      },
    )

    app.get(
      '/v1/subjects/:subjectId/evidence/:documentId',
      {
        config: { policy: evidencePolicy.read },
        schema: {
          tags: ['objections'],
          summary:
            "A subject's evidence document, for the officer deciding its objection or application (the look is recorded)",
          params: Type.Object({
            subjectId: Type.String({ format: 'uuid' }),
            documentId: Type.String({ format: 'uuid' }),
          }),
          response: download,
        },
      },
      async (request, reply) => {
        const principal = requireRole(request, ...evidencePolicy.read)
        const doc = await readDocument(
          ctx,
          { actor: actorOf(principal), own: false },
          request.params.subjectId,
          request.params.documentId,
        )
        return reply
          .type(doc.mediaType)
          .header('content-disposition', `attachment; filename="${downloadName(doc.documentId, doc.mediaType)}"`)
          .header('cache-control', 'no-store')
          .send(doc.content)
      },
    )
  }
}

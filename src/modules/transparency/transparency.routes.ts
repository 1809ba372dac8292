import { promisify } from 'node:util'
import { gzip } from 'node:zlib'
import type { FastifyPluginAsync, FastifyReply } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import type { Database } from '../../db/database.ts'
import { AppError } from '../../platform/app-error.ts'
import { requireRole } from '../../platform/http.ts'
import { verifiedSubjectOf } from '../../platform/principal.ts'
import { problemResponses } from '../../platform/problem-schema.ts'
import { verifierKey } from './checkpoint.ts'
import { parseTilePath, TILE_HEIGHT, TILES_PREFIX } from './tiles.ts'
import {
  consistencyProof,
  inclusionProof,
  latestCheckpoint,
  readTile,
  subjectLeaves,
  type LogIdentity,
} from './transparency.service.ts'
import { transparencyPolicy } from './transparency.policy.ts'
import { cosignedCheckpoint } from './witnessing.ts'

const Base64Hash = Type.String({ description: 'SHA-256, base64' })
const Size = Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER })

const notReady = () =>
  new AppError('log.not_ready', 'the log has not signed its first checkpoint yet; try again in a second')

async function getLatest(database: Database) {
  const checkpoint = await latestCheckpoint(database)
  if (!checkpoint) throw notReady()
  return checkpoint
}

const gzipped = promisify(gzip)
/** a full tile never changes; a partial one is replaced by wider ones as the log grows */
const FULL_TILE_CACHE = 'public, max-age=31536000, immutable'
const PARTIAL_TILE_CACHE = 'public, max-age=60'

/** The transparency log, for anyone: key, checkpoint, inclusion and consistency proofs; and a subject's own events. */
export function transparencyRoutes(ctx: { database: Database; log: LogIdentity }): FastifyPluginAsync {
  return async (plain) => {
    const app = plain.withTypeProvider<TypeBoxTypeProvider>()
    const b64 = (h: Buffer) => h.toString('base64')

    app.get(
      '/v1/log/key',
      {
        config: { policy: transparencyPolicy.readLog },
        schema: {
          tags: ['transparency'],
          summary: "The log's verifier key (name+keyid+Ed25519 key, as signed-note tools read it)",
          response: { 200: Type.String(), ...problemResponses },
        },
      },
      async (_request, reply) => reply.type('text/plain; charset=utf-8').send(verifierKey(ctx.log.key) + '\n'),
    )

    // the same note at the tlog-tiles prefix, mutable: cached no longer than it takes to ask again
    // with the cosignature lines of the witnesses that cosigned it so far (C2SP tlog-cosignature)
    const sendCheckpoint = async (reply: FastifyReply) => {
      const checkpoint = await cosignedCheckpoint(ctx.database)
      if (!checkpoint) throw notReady()
      return reply.type('text/plain; charset=utf-8').header('cache-control', 'no-cache').send(checkpoint.cosigned)
    }
    for (const url of ['/v1/log/checkpoint', `${TILES_PREFIX}/checkpoint`]) {
      app.get(
        url,
        {
          config: { policy: transparencyPolicy.readLog },
          schema: {
            tags: ['transparency'],
            // the two are one checkpoint: named apart, the tlog-tiles one after its protocol
            ...(url === TILES_PREFIX + '/checkpoint' ? { operationId: 'getTlogCheckpoint' } : {}),
            summary:
              'The newest signed checkpoint (C2SP tlog-checkpoint, signed note), with the cosignatures of the witnesses that cosigned it so far (C2SP tlog-cosignature)',
            response: { 200: Type.String(), ...problemResponses },
          },
        },
        async (_request, reply) => sendCheckpoint(reply),
      )
    }

    app.get(
      `${TILES_PREFIX}/tile/*`,
      {
        config: { policy: transparencyPolicy.readLog },
        schema: {
          tags: ['transparency'],
          operationId: 'getTlogTile',
          summary: `The log as C2SP tlog-tiles of height ${TILE_HEIGHT}: tile/<L>/<N>[.p/<W>] (hashes) and tile/entries/<N>[.p/<W>] (each entry a big-endian uint16 length and the event's canonical bytes)`,
          response: { 200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }), ...problemResponses },
        },
      },
      async (request, reply) => {
        const path = `tile/${(request.params as { '*': string })['*']}`
        const tile = parseTilePath(path)
        if (!tile)
          throw new AppError(
            'log.tile_not_found',
            'not a tile path: tile/<level>/<number>[.p/<width>] or tile/entries/<number>[.p/<width>], the number in 3-digit groups (x001/x234/067)',
            [{ pointer: '/tile', detail: 'not a tile path' }],
          )
        let body = await readTile(ctx.database, tile)
        reply
          .type('application/octet-stream')
          .header('cache-control', tile.width === 2 ** TILE_HEIGHT ? FULL_TILE_CACHE : PARTIAL_TILE_CACHE)
        // entry bundles compress well (hashes do not): gzip when the client takes it
        if (tile.level === 'entries') {
          reply.header('vary', 'accept-encoding')
          if (/\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''))) {
            body = await gzipped(body)
            reply.header('content-encoding', 'gzip')
          }
        }
        return reply.send(body)
      },
    )

    app.get(
      '/v1/log/proof/inclusion',
      {
        config: { policy: transparencyPolicy.readLog },
        schema: {
          tags: ['transparency'],
          summary: 'Proof that leaf `leaf` is in the tree of `size` leaves (RFC 9162 2.1.3)',
          querystring: Type.Object({ leaf: Size, size: Size }),
          response: {
            200: Type.Object({ leafIndex: Size, treeSize: Size, leafHash: Base64Hash, proof: Type.Array(Base64Hash) }),
            ...problemResponses,
          },
        },
      },
      async (request) => {
        const p = await inclusionProof(ctx.database, request.query.leaf, request.query.size)
        return { leafIndex: p.leafIndex, treeSize: p.treeSize, leafHash: b64(p.leafHash), proof: p.proof.map(b64) }
      },
    )

    app.get(
      '/v1/log/proof/consistency',
      {
        config: { policy: transparencyPolicy.readLog },
        schema: {
          tags: ['transparency'],
          summary: 'Proof that the tree of `from` leaves is a prefix of the tree of `to` leaves (RFC 9162 2.1.4)',
          querystring: Type.Object({ from: Size, to: Size }),
          response: { 200: Type.Object({ from: Size, to: Size, proof: Type.Array(Base64Hash) }), ...problemResponses },
        },
      },
      async (request) => ({
        from: request.query.from,
        to: request.query.to,
        proof: (await consistencyProof(ctx.database, request.query.from, request.query.to)).map(b64),
      }),
    )

    app.get(
      '/v1/me/log',
      {
        config: { policy: transparencyPolicy.ownLog },
        schema: {
          tags: ['self-service'],
          summary:
            'Every logged event about me, with its canonical bytes and its inclusion proof in the newest checkpoint',
          response: {
            200: Type.Object({
              checkpoint: Type.String({ description: 'the signed checkpoint the proofs are for' }),
              treeSize: Size,
              entries: Type.Array(
                Type.Object({
                  leafIndex: Size,
                  action: Type.String(),
                  occurredAt: Type.String(),
                  canonical: Type.String({ description: 'the bytes whose leaf hash is in the log' }),
                  proof: Type.Array(Base64Hash),
                }),
              ),
            }),
            ...problemResponses,
          },
        },
      },
      async (request) => {
        const subjectId = verifiedSubjectOf(requireRole(request, ...transparencyPolicy.ownLog))
        const checkpoint = await getLatest(ctx.database)
        const leaves = await subjectLeaves(ctx.database, subjectId, checkpoint.size)
        return {
          checkpoint: checkpoint.note,
          treeSize: checkpoint.size,
          entries: leaves.map((l) => ({
            leafIndex: l.leafIndex,
            action: l.event.action,
            occurredAt: new Date(l.event.occurredAt).toISOString(),
            canonical: l.canonical,
            proof: l.proof.map(b64),
          })),
        }
      },
    )
  }
}

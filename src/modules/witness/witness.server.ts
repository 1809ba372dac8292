/**
 * A minimal witness (c2sp.org/tlog-witness) an auditor can run beside any Fides instance:
 *   POST /add-checkpoint          the protocol's submission: 200 with the cosignature line, or 400/403/404/409/422
 *   GET  /checkpoint?origin=O     the newest checkpoint it cosigned for log O (the log's note with its cosignature),
 *                                 404 if none: what `fides log verify` compares the log with
 *   GET  /key                     its verifier key
 * Requests are handled one at a time, so checking the old size and recording the new one are atomic.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import {
  cosign,
  cosignerVerifierKey,
  parseAddCheckpointRequest,
  type CosignerKey,
  type Verifier,
} from '../transparency/index.ts'
import { judge } from './witness.ts'
import type { WitnessStore } from './witness.state.ts'

/** the largest request body read (a checkpoint note with a few signatures and 63 proof lines is ~4 KiB) */
const MAX_BODY = 64 * 1024

export interface WitnessServer {
  url: string
  close(): Promise<void>
}

export interface WitnessOptions {
  key: CosignerKey
  /** the logs witnessed, by origin, with the verifier key of each */
  logs: ReadonlyMap<string, Verifier>
  store: WitnessStore
  /** POSIX seconds, for the cosignature's timestamp */
  now: () => number
  onRequest?: (line: string) => void
}

async function readBody(request: IncomingMessage): Promise<string | null> {
  const chunks: Buffer[] = []
  let length = 0
  for await (const chunk of request) {
    length += (chunk as Buffer).length
    if (length > MAX_BODY) return null
    chunks.push(chunk as Buffer)
  }
  return Buffer.concat(chunks).toString('utf8')
}

function send(response: ServerResponse, status: number, body: string, type = 'text/plain; charset=utf-8'): void {
  response.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body) })
  response.end(body)
}

export function witnessHandler(
  options: WitnessOptions,
): (request: IncomingMessage, response: ServerResponse) => Promise<void> {
  let queue: Promise<unknown> = Promise.resolve()
  const serially = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = queue.then(fn, fn)
    queue = run.catch(() => undefined)
    return run
  }
  const addCheckpoint = async (body: string): Promise<{ status: number; body: string; type?: string }> => {
    const parsed = parseAddCheckpointRequest(body)
    if (!parsed.ok) return { status: 400, body: parsed.reason + '\n' }
    return serially(async () => {
      const judgement = judge(parsed.value, options.logs, (origin) => options.store.get(origin))
      switch (judgement.status) {
        case 200: {
          const line = cosign(judgement.text, options.key, options.now())
          const { origin, size, root } = judgement.checkpoint
          // recorded before the cosignature leaves: a restart never forgets what it vouched for
          await options.store.put(origin, { size, root, note: parsed.value.note + line })
          return { status: 200, body: line }
        }
        case 409:
          return { status: 409, body: `${judgement.knownSize}\n`, type: 'text/x.tlog.size' }
        default:
          return { status: judgement.status, body: judgement.reason + '\n' }
      }
    })
  }
  return async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://witness')
    try {
      if (request.method === 'POST' && url.pathname === '/add-checkpoint') {
        const body = await readBody(request)
        const answer = body === null ? { status: 413, body: 'request too large\n' } : await addCheckpoint(body)
        options.onRequest?.(`add-checkpoint ${answer.status}`)
        return send(response, answer.status, answer.body, answer.type)
      }
      if (request.method === 'GET' && url.pathname === '/checkpoint') {
        const origin = url.searchParams.get('origin') ?? ''
        const state = options.logs.has(origin) ? options.store.get(origin) : undefined
        return state
          ? send(response, 200, state.note)
          : send(response, 404, `no checkpoint of ${origin} cosigned here\n`)
      }
      if (request.method === 'GET' && url.pathname === '/key')
        return send(response, 200, cosignerVerifierKey(options.key) + '\n')
      send(response, 404, 'not found\n')
    } catch (error) {
      options.onRequest?.(`failed: ${(error as Error).message}`)
      if (!response.headersSent) send(response, 500, 'internal error\n')
    }
  }
}

/** Starts the witness on host:port (0: any free port); resolves once it listens. */
export async function startWitnessServer(
  options: WitnessOptions & { host: string; port: number },
): Promise<WitnessServer> {
  const handler = witnessHandler(options)
  const server: Server = createServer((request, response) => void handler(request, response))
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port, options.host, () => resolve())
  })
  const address = server.address() as AddressInfo
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address
  return {
    url: `http://${host}:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

/**
 * The logger's configuration: JSON lines (pino, through Fastify) in which no identifier-shaped text
 * survives. A request is logged with its URL redacted (path and query: a search's `q`, a check's
 * `subject`, a mistyped path), an error with its message and stack redacted, and every message and
 * string argument as well; identifiers/redact.ts says what is redacted. Request bodies and headers
 * are never logged.
 */
import type { FastifyRequest } from 'fastify'
import { redactIdentifiers } from '../modules/identifiers/index.ts'

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace'

/** A request as a log line shows it: method, redacted URL, the client's address. */
export function serializeRequest(request: FastifyRequest): Record<string, unknown> {
  return {
    method: request.method,
    url: redactIdentifiers(request.url),
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  }
}

interface ErrorLike {
  message?: unknown
  stack?: unknown
  code?: unknown
  statusCode?: unknown
  cause?: unknown
}
interface LoggedError {
  [key: string]: unknown
  type: string
  message: string
  stack: string
}

/** An error as a log line shows it: type, code, status and its redacted message and stack, and its cause the same way. */
export function serializeError(error: Error, depth = 0): LoggedError {
  const e = error as ErrorLike
  const text = (value: unknown) => (typeof value === 'string' ? redactIdentifiers(value) : '')
  const cause =
    e.cause instanceof Error && depth < 3
      ? serializeError(e.cause, depth + 1)
      : e.cause === undefined
        ? undefined
        : text(String(e.cause))
  return {
    type: (error as { constructor?: { name?: string } }).constructor?.name ?? 'Error',
    message: text(e.message),
    stack: text(e.stack),
    ...(typeof e.code === 'string' || typeof e.code === 'number' ? { code: e.code } : {}),
    ...(typeof e.statusCode === 'number' ? { statusCode: e.statusCode } : {}),
    ...(cause !== undefined ? { cause } : {}),
  }
}

/** Fastify's `logger` option: the level, the stream (standard output when absent) and the redacting serializers. */
export function loggerOptions(level: LogLevel, stream?: NodeJS.WritableStream) {
  return {
    level,
    ...(stream ? { stream } : {}),
    serializers: { req: serializeRequest, err: (error: Error) => serializeError(error) },
    hooks: {
      // the message and its format arguments: a message may be built from a URL or an error's words
      // (an error logged alone would give its own message as the line's message: redacted here too)
      logMethod(this: unknown, args: unknown[], method: (...args: unknown[]) => void) {
        const redacted = args.map((arg) => (typeof arg === 'string' ? redactIdentifiers(arg) : arg))
        if (redacted.length === 1 && redacted[0] instanceof Error) redacted.push(redactIdentifiers(redacted[0].message))
        method.apply(this, redacted)
      },
    },
  }
}

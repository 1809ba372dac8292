/**
 * The content security policy of every HTML page Fides serves (the portal's, and the subject's
 * printable file): resources from Fides itself only, no script at all (the pages have none), style
 * only from the style sheets Fides wrote (each inline <style> allowed by its hash, so an injected
 * one would not apply), no frames around a page, forms posted only back to Fides. The API's own
 * documentation at /docs (Swagger UI) is not a portal page and keeps its own.
 */
import { createHash } from 'node:crypto'

/** The CSP source that allows exactly this inline style sheet. */
export const styleHash = (css: string): string =>
  `'sha256-${createHash('sha256').update(css, 'utf8').digest('base64')}'`

/** The policy, given the hashes of the inline style sheets its pages carry. */
export function pageSecurityPolicy(styleHashes: readonly string[]): string {
  return [
    "default-src 'self'",
    "script-src 'none'",
    `style-src ${styleHashes.length === 0 ? "'none'" : styleHashes.join(' ')}`,
    "img-src 'self' data:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ')
}

/** Whether a response is a page the policy covers: HTML, and not the API documentation's. */
export const isPolicedPage = (url: string, contentType: unknown): boolean =>
  typeof contentType === 'string' && contentType.startsWith('text/html') && !/^\/docs(?:[/?]|$)/.test(url)

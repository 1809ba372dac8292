import { AppError } from './app-error.ts'

/** Who is calling: machines authenticate with API keys, people with accounts (cookie sessions). */
export type Principal =
  | { role: 'source'; keyId: string; source: SourcePrincipal }
  | { role: 'officer'; keyId: string; label: string }
  | { role: 'relying_party'; keyId: string; relyingParty: RelyingPartyPrincipal }
  /** a department that carries out measures, in the domains it is registered for */
  | { role: 'department'; keyId: string; department: DepartmentPrincipal }
  | { role: 'auditor'; keyId: string; label: string }
  /** a person or an organisation's representative; `subjectId` is null until an officer has verified the binding */
  | { role: 'subject'; keyId: string; label: string; subjectId: string | null }

export interface SourcePrincipal {
  sourceId: string
  name: string
  isGovernment: boolean
  allowedKinds: ReadonlySet<string>
}

export interface RelyingPartyPrincipal {
  relyingPartyId: string
  name: string
  displayName: string
  /** the permissible purposes it is registered for */
  purposes: ReadonlySet<string>
}

export interface DepartmentPrincipal {
  departmentId: string
  name: string
  displayName: string
  /** the measure domains it works in */
  domains: ReadonlySet<string>
}

/** Every role, for whatever must cover them all (the authorisation matrix). */
export const roles = [
  'source',
  'officer',
  'relying_party',
  'department',
  'auditor',
  'subject',
] as const satisfies readonly Principal['role'][]
// and no role is missing from the list
const _everyRole: Principal['role'] extends (typeof roles)[number] ? true : never = true
void _everyRole

export type Authenticate = (token: string) => Promise<Principal | null>

export function actorOf(principal: Principal): { type: Principal['role']; id: string } {
  switch (principal.role) {
    case 'source':
      return { type: 'source', id: principal.source.name }
    case 'officer':
      return { type: 'officer', id: principal.keyId }
    case 'relying_party':
      return { type: 'relying_party', id: principal.relyingParty.name }
    case 'department':
      return { type: 'department', id: principal.department.name }
    case 'auditor':
      return { type: 'auditor', id: principal.keyId }
    case 'subject':
      return { type: 'subject', id: principal.keyId }
  }
}

/** A browser session: who, and the hash of the CSRF token its state-changing requests must carry. */
export interface SessionPrincipal {
  principal: Principal
  csrfHash: Buffer
}

export type AuthenticateSession = (sessionToken: string) => Promise<SessionPrincipal | null>

/**
 * Remembers successful API-key authentications for `ttlMs` (keys are 256-bit random, so failures are
 * not worth remembering). A revoked key may therefore work for up to `ttlMs` more: keep it short.
 */
export function cachedAuthenticate(
  authenticate: Authenticate,
  options: { ttlMs: number; max: number; now?: () => number },
): Authenticate {
  const now = options.now ?? Date.now
  const cache = new Map<string, { principal: Principal; until: number }>()
  return async (token) => {
    const hit = cache.get(token)
    if (hit && hit.until > now()) return hit.principal
    const principal = await authenticate(token)
    if (principal) {
      if (cache.size >= options.max) cache.clear()
      cache.set(token, { principal, until: now() + options.ttlMs })
    } else {
      cache.delete(token)
    }
    return principal
  }
}

/** The subject a subject account may see: only once an officer has verified the account. */
export function verifiedSubjectOf(principal: { subjectId: string | null }): string {
  if (principal.subjectId === null)
    throw new AppError('account.not_verified', 'an officer has not verified this account yet: it cannot see any file')
  return principal.subjectId
}

/** Who is calling. Authentication (API keys for now; accounts come with the access module) yields one. */
export type Principal =
  | { role: 'source'; keyId: string; source: SourcePrincipal }
  | { role: 'officer'; keyId: string; label: string }

export interface SourcePrincipal {
  sourceId: string
  name: string
  isGovernment: boolean
  allowedKinds: ReadonlySet<string>
}

export type Authenticate = (token: string) => Promise<Principal | null>

export function actorOf(principal: Principal): { type: 'source' | 'officer'; id: string } {
  switch (principal.role) {
    case 'source': return { type: 'source', id: principal.source.name }
    case 'officer': return { type: 'officer', id: principal.keyId }
  }
}

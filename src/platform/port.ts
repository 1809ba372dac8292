/** Whether the server can listen where it is told to, asked before anything is loaded or seeded. */
import { createServer } from 'node:net'

/** Why `host:port` cannot be listened on, in one sentence, or undefined when it can (port 0: any free port, always). */
export function portProblem(host: string, port: number): Promise<string | undefined> {
  if (port === 0) return Promise.resolve(undefined)
  return new Promise((resolve) => {
    const probe = createServer()
    probe.once('error', (error: NodeJS.ErrnoException) =>
      resolve(listenProblem(error, host, port) ?? `cannot listen on ${host}:${port}: ${error.message}`),
    )
    probe.listen({ host, port, exclusive: true }, () => probe.close(() => resolve(undefined)))
  })
}

/** A listening error as one sentence for the operator (undefined for an error that is not about the address). */
export function listenProblem(error: unknown, host: string, port: number): string | undefined {
  switch ((error as NodeJS.ErrnoException | undefined)?.code) {
    case 'EADDRINUSE':
      return `port ${port} on ${host} is in use by another program: stop it, or set FIDES_PORT to another port`
    case 'EACCES':
      return `port ${port} on ${host} needs privileges this process does not have: set FIDES_PORT to a port above 1023`
    case 'EADDRNOTAVAIL':
      return `${host} is not an address of this machine: set FIDES_HOST to one (127.0.0.1, or 0.0.0.0 for all)`
    default:
      return undefined
  }
}

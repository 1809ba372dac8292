/** Starts a server process for a bench (node ARGS with ENV) and resolves once URL answers below 500 (at most a minute). */
import { spawn, type ChildProcess } from 'node:child_process'

export function serve(args: string[], env: Record<string, string>, url: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, args, {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  return new Promise((resolve, reject) => {
    const started = Date.now()
    child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited ${code} before it came up`)))
    const poll = async () => {
      try {
        if ((await fetch(url)).status < 500) return resolve(child)
      } catch {
        /* not yet */
      }
      if (Date.now() - started > 60_000) return reject(new Error(`${url} did not come up`))
      setTimeout(() => void poll(), 250)
    }
    void poll()
  })
}

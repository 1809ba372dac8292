/**
 * bench/page-weight: how heavy the signed-in pages are (issue 18: the heaviest signed-in page
 * <= 50 KB). Starts Fides as `npm start` does (embedded database, demo data) in a temporary data
 * directory, signs in with each demo account, and walks the pages of its console: every same-origin
 * link under the role's home (GET only, no form is sent), and for each page its bytes as sent
 * (uncompressed, and gzip as a browser would receive it if a proxy compressed it). Prints the heaviest
 * page per role and writes bench/out/page-weight.json.
 *   npx node bench/page-weight/run.ts [--port 18095] [--max-pages 60]
 * Bytes, not time: the figures do not depend on the machine's load.
 */
import { spawn } from 'node:child_process'
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { gzipSync } from 'node:zlib'

const { values } = parseArgs({
  options: { port: { type: 'string', default: '18095' }, 'max-pages': { type: 'string', default: '60' } },
})
const port = Number(values.port)
const maxPages = Number(values['max-pages'])
const base = `http://127.0.0.1:${port}`
const HOME: Record<string, string> = {
  officer: '/officer',
  auditor: '/auditor',
  subject: '/me',
  source: '/source',
  relying_party: '/relying-party',
}

const dir = await mkdtemp(join(tmpdir(), 'fides-page-weight-'))
const server = spawn(process.execPath, ['src/server.ts'], {
  env: { ...process.env, FIDES_DATA_DIR: dir, FIDES_PORT: String(port), FIDES_LOG_LEVEL: 'silent', PORT: '' },
  stdio: ['ignore', 'pipe', 'pipe'],
})
let output = ''
server.stdout.on('data', (d: Buffer) => (output += d.toString()))
server.stderr.on('data', (d: Buffer) => (output += d.toString()))
try {
  // the demo's sign-ins are printed at start: "sign-in (role) username / password"
  for (let i = 0; i < 600 && !/listening|http:\/\/(127|localhost|0\.0\.0\.0)/i.test(output); i++)
    await new Promise((r) => setTimeout(r, 500))
  for (let i = 0; i < 120; i++) {
    if (
      await fetch(`${base}/`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break
    await new Promise((r) => setTimeout(r, 500))
  }
  const accounts = [...output.matchAll(/sign-in \(([a-z_]+)\) (\S+) \/ (\S+)/g)].map((m) => ({
    role: m[1]!,
    username: m[2]!,
    password: m[3]!,
  }))
  if (accounts.length === 0) throw new Error(`no demo sign-ins in the server's output:\n${output.slice(0, 2000)}`)

  const results: { role: string; username: string; pages: { path: string; bytes: number; gzip: number }[] }[] = []
  for (const account of accounts) {
    const jar = new Map<string, string>()
    const cookieHeader = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ')
    const take = (res: Response) => {
      for (const c of res.headers.getSetCookie()) {
        const [pair] = c.split(';')
        const at = pair!.indexOf('=')
        jar.set(pair!.slice(0, at), pair!.slice(at + 1))
      }
    }
    const signinPage = await fetch(`${base}/signin`, { redirect: 'manual' })
    take(signinPage)
    const token = /name="signin" value="([^"]*)"/.exec(await signinPage.text())?.[1] ?? ''
    const signed = await fetch(`${base}/signin`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookieHeader() },
      body: new URLSearchParams({ signin: token, username: account.username, password: account.password }).toString(),
    })
    take(signed)
    const home = HOME[account.role] ?? '/me'
    const seen = new Set<string>()
    const queue = [home]
    const pages: { path: string; bytes: number; gzip: number }[] = []
    while (queue.length > 0 && pages.length < maxPages) {
      const path = queue.shift()!
      if (seen.has(path)) continue
      seen.add(path)
      const res = await fetch(base + path, { redirect: 'manual', headers: { cookie: cookieHeader() } })
      if (res.status !== 200 || !(res.headers.get('content-type') ?? '').startsWith('text/html')) continue
      const body = Buffer.from(await res.arrayBuffer())
      pages.push({
        path: path.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, ':id'),
        bytes: body.length,
        gzip: gzipSync(body).length,
      })
      for (const m of body.toString('utf8').matchAll(/href="(\/[^"#]*)"/g)) {
        const link = m[1]!.replace(/&amp;/g, '&')
        if (
          link.startsWith(home) &&
          !link.includes('lang=') &&
          !/\/(evidence|download|export)/.test(link) &&
          !seen.has(link)
        )
          queue.push(link)
      }
    }
    pages.sort((a, b) => b.bytes - a.bytes)
    results.push({ role: account.role, username: account.username, pages })
  }
  const heaviest = results
    .flatMap((r) => r.pages.map((p) => ({ role: r.role, ...p })))
    .sort((a, b) => b.bytes - a.bytes)[0]
  for (const r of results) {
    const top = r.pages[0]
    process.stdout.write(
      `${r.role.padEnd(14)} ${String(r.pages.length).padStart(3)} pages; heaviest ${top ? `${top.path} ${(top.bytes / 1024).toFixed(1)} KB (gzip ${(top.gzip / 1024).toFixed(1)} KB)` : '-'}\n`,
    )
  }
  process.stdout.write(
    `heaviest signed-in page: ${heaviest ? `${heaviest.role} ${heaviest.path} ${(heaviest.bytes / 1024).toFixed(1)} KB; goal <= 50 KB: ${heaviest.bytes <= 50 * 1024 ? 'met' : 'MISSED'}` : 'none'}\n`,
  )
  await mkdir('bench/out', { recursive: true })
  await writeFile(
    'bench/out/page-weight.json',
    JSON.stringify({ date: new Date().toISOString(), heaviest, results }, null, 2),
  )
} finally {
  server.kill('SIGTERM')
  await new Promise((r) => server.once('exit', r))
  await rm(dir, { recursive: true, force: true })
}

/**
 * The browser tests' shared harness: one Chromium per test file (Debian's, or FIDES_CHROMIUM), the
 * screen widths of the journeys, pages whose complaints Chromium logs are kept, and the checks every
 * page a person sees must pass: no code and no word of the other language (visible-text.ts), no
 * serious accessibility fault, nothing the content security policy refused, no wider than the screen,
 * and in the language asked for.
 */
import { after, before } from 'node:test'
import assert from 'node:assert/strict'
import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { chromium, type Browser, type Page } from 'playwright-core'
import { rawTextOnPage } from './visible-text.ts'

export type Lang = 'zh' | 'en'

/** The journeys' screens: a desk and a phone. */
export const WIDTHS = { desk: { width: 1280, height: 800 }, phone: { width: 390, height: 844 } } as const

/** Where the suite's screenshots of the portal go (README links them); a full run refreshes them. */
export const SCREENSHOTS = new URL('../../docs/screenshots/', import.meta.url).pathname

const CHROMIUM = process.env.FIDES_CHROMIUM ?? '/usr/bin/chromium'
const axeSource = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

/** Chromium for the tests of this file (or describe block): launched before them, closed after. */
export function useChromium(): () => Browser {
  let browser: Browser | undefined
  before(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] })
  })
  after(async () => {
    await browser?.close()
  })
  return () => {
    if (!browser) throw new Error('Chromium is launched before the tests: call useChromium() outside them')
    return browser
  }
}

/** What Chromium complained of on `watched` pages' consoles: a policy violation, a pattern it cannot compile. */
const complaints = new WeakMap<Page, string[]>()
/** Every complaint on every watched page of this process, for a last test to find none. */
export const allComplaints: string[] = []

/** A page whose console complaints are kept (Chromium reports each policy violation there). */
export function watched(page: Page): Page {
  const seen: string[] = []
  complaints.set(page, seen)
  page.on('console', (message) => {
    if (/Content Security Policy|Pattern attribute value/i.test(message.text())) {
      seen.push(`${page.url()}: ${message.text()}`)
      allComplaints.push(`${page.url()}: ${message.text()}`)
    }
  })
  return page
}

/**
 * axe-core on the page: the serious and critical violations (WCAG 2.1 A and AA rules). axe is evaluated
 * through the DevTools protocol, which the policy (no script at all) does not govern.
 */
export async function axeProblems(page: Page): Promise<string[]> {
  await page.evaluate(axeSource)
  const result = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run(
            ctx: Document,
            opts: unknown,
          ): Promise<{ violations: { id: string; impact: string; help: string; nodes: unknown[] }[] }>
        }
      }
    ).axe
    return axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
  })
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help}, ${v.nodes.length} nodes`)
}

/** What Chromium complained of on the page since last asked (`csp: ...`), then its serious axe violations. */
export async function accessibilityProblems(page: Page): Promise<string[]> {
  const csp = (complaints.get(page) ?? []).splice(0).map((c) => `csp: ${c}`)
  return [...csp, ...(await axeProblems(page))]
}

/**
 * Everything a person would trip over on the page they see now, each prefixed by the page's path; []
 * when nothing: a complaint, an accessibility fault, a code or a word of the other language, a page
 * wider than the screen, a page in another language.
 */
export async function problemsOn(page: Page, lang: Lang): Promise<string[]> {
  const width = page.viewportSize()?.width ?? WIDTHS.desk.width
  const wide = await page.evaluate(() => document.documentElement.scrollWidth)
  const htmlLang = await page.getAttribute('html', 'lang')
  return [
    ...(await accessibilityProblems(page)),
    ...(await rawTextOnPage(page, lang)).map((r) => `${r.what}: ${r.text.slice(0, 160)}`),
    ...(wide > width ? [`${wide} px wide on a ${width} px screen`] : []),
    ...(htmlLang !== (lang === 'zh' ? 'zh-CN' : 'en') ? [`the page is in ${htmlLang}`] : []),
  ].map((p) => `${new URL(page.url()).pathname}: ${p}`)
}

/** Fails, saying `what` and each problem, unless the page a person sees now has none (`problemsOn`). */
export async function assertReadable(page: Page, lang: Lang, what: string): Promise<void> {
  assert.deepEqual(await problemsOn(page, lang), [], what)
}

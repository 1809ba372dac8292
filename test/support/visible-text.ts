/**
 * "A person never sees a code": what a page shows a person, checked in the browser. Every text node
 * and every text a person meets in an attribute (aria-label, title, placeholder, alt, a button's
 * value) is read, except what the page marks as data rather than its own words — `translate="no"`
 * (names, identifiers, amounts, what the person typed: the HTML attribute that tells translators the
 * same) — and what is marked as the other language (`lang="en"` on a Chinese page, such as the link
 * to the English page). In what is left, none of: a JSON pointer, an API path or method, a dotted or
 * snake_case code, an ISO 8601 duration or timestamp, a schema message; on a Chinese page no English
 * word, on an English page no Chinese character.
 */
import type { Page } from 'playwright-core'

/** Latin words a Chinese page may use as words of its own (names of formats and of the platform). */
const LATIN_ALLOWED = new Set([
  'Fides',
  'PDF',
  'PNG',
  'JPEG',
  'CSV',
  'JSON',
  'SHA',
  'API',
  'UTF',
  'https',
  'A',
  'B',
  'C',
  'D',
  'AA',
  'AAA',
  'BB',
  'BBB',
  'CC',
  'CCC',
  'X',
])

const RAW: readonly [string, RegExp][] = [
  ['a JSON pointer', /(?:^|[\s(:])\/(?:body|query|params)(?:\/|\b)|\/[a-z]+\/\d+(?:\/|\b)/],
  ['an API path', /\/v1\/|\b(?:GET|POST|PUT|PATCH|DELETE) \//],
  ['a snake_case code', /\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b/],
  ['a dotted code', /\b[a-z]+\.[a-z]+(?:_[a-z]+)*\b(?!\.)/],
  ['an ISO 8601 duration', /\bP(?:\d+[YMWD])+(?:T(?:\d+[HMS])+)?\b|\bPT\d+[HMS]\b/],
  ['an ISO 8601 timestamp', /\d{4}-\d\d-\d\dT\d\d:\d\d/],
  ['a schema message', /\bmust (?:NOT |not )?(?:have|be|match|equal)\b/],
]

export interface RawText {
  what: string
  text: string
}

/** What the page shows a person that is not in the page's language, or is a code. */
export async function rawTextOnPage(page: Page, lang: 'zh' | 'en'): Promise<RawText[]> {
  const texts = await page.evaluate((pageLang) => {
    const other = pageLang === 'zh' ? 'en' : 'zh'
    const skipped = (el: Element | null): boolean => {
      for (let e = el; e; e = e.parentElement) {
        if (e.getAttribute('translate') === 'no') return true
        const l = e.getAttribute('lang')
        if (l !== null && e !== document.documentElement && l.toLowerCase().startsWith(other)) return true
        if (['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE'].includes(e.tagName)) return true
      }
      return false
    }
    const out: string[] = []
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT)
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const text = n.textContent?.trim()
      if (text && !skipped(n.parentElement)) out.push(text)
    }
    for (const el of Array.from(
      document.querySelectorAll('[aria-label],[title],[placeholder],[alt],input[type=submit],input[type=button]'),
    )) {
      if (skipped(el)) continue
      for (const a of ['aria-label', 'title', 'placeholder', 'alt']) {
        const v = el.getAttribute(a)?.trim()
        if (v) out.push(v)
      }
      if (el instanceof HTMLInputElement && (el.type === 'submit' || el.type === 'button') && el.value)
        out.push(el.value)
    }
    if (document.title) out.push(document.title)
    return out
  }, lang)
  const found: RawText[] = []
  for (const text of texts) {
    for (const [what, re] of RAW) if (re.test(text)) found.push({ what, text })
    if (lang === 'zh') {
      const words = (text.match(/[A-Za-z]{2,}/g) ?? []).filter((w) => !LATIN_ALLOWED.has(w))
      if (words.length > 0) found.push({ what: `English on a Chinese page (${words.join(' ')})`, text })
    } else if (/\p{Script=Han}/u.test(text)) found.push({ what: 'Chinese on an English page', text })
  }
  return found
}

/**
 * The page shell: landmarks, a skip link, the language switch, and one small inline style sheet (no
 * script, no web font, no external request: a page is one response of a few kilobytes, fast on a
 * slow connection). Colours meet WCAG 2.1 AA contrast (text #1b1b1b on white, links #0b57d0,
 * negative marks #b3261e); focus is always visible.
 */
import { t, type Lang } from './i18n.ts'
import { styleHash } from '../platform/csp.ts'

export const esc = (s: unknown): string =>
  String(s ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;')

const STYLE = `
*{box-sizing:border-box}body{margin:0;font:16px/1.5 system-ui,"Noto Sans CJK SC","PingFang SC","Microsoft YaHei",sans-serif;color:#1b1b1b;background:#fff}
a{color:#0b57d0}a:focus,button:focus,input:focus,select:focus,textarea:focus{outline:3px solid #e8a200;outline-offset:2px}
input,select,textarea,button{font:inherit;max-width:100%}textarea{width:100%}
p.field label{display:block;font-weight:600}p.field small{display:block}.field-error{color:#b3261e;font-weight:600}p.field.invalid input,p.field.invalid textarea,p.field.invalid select{border:2px solid #b3261e}
.form-error{border-left:4px solid #b3261e;background:#fde7e4;padding:.5rem 1rem}
.sr-only{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}.skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:1rem;background:#fff;padding:.5rem;z-index:2}
header{border-bottom:1px solid #c4c4c4;padding:.75rem 1rem;display:flex;flex-wrap:wrap;gap:1rem;align-items:center;justify-content:space-between}
header .site{font-weight:700;text-decoration:none;color:#1b1b1b}nav ul{list-style:none;display:flex;flex-wrap:wrap;gap:1rem;margin:0;padding:0}
main{max-width:60rem;margin:0 auto;padding:1rem}h1{font-size:1.6rem;line-height:1.25}h2{font-size:1.25rem;margin-top:2rem;border-bottom:2px solid #1b1b1b}
form.search{display:flex;flex-wrap:wrap;gap:.5rem;align-items:flex-end}form.search label{flex-basis:100%;font-weight:600}
input[type=search]{flex:1;min-width:14rem;font:inherit;padding:.5rem;border:2px solid #5f5f5f;border-radius:4px}
button{font:inherit;padding:.5rem 1.25rem;border:0;border-radius:4px;background:#0b57d0;color:#fff;cursor:pointer}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem}th,td{border:1px solid #8f8f8f;padding:.35rem .5rem;text-align:left;vertical-align:top}th{background:#efefef}
.negative{border-left:4px solid #b3261e}.badge{display:inline-block;padding:0 .4rem;border-radius:3px;background:#fde7e4;color:#8c1d18;font-size:.875rem}
nav.console ul{list-style:none;display:flex;flex-wrap:wrap;gap:1rem;padding:0;border-bottom:1px solid #c4c4c4;padding-bottom:.5rem}
ul.plain{list-style:none;padding:0}ul.plain>li{border:1px solid #8f8f8f;border-radius:4px;padding:.5rem 1rem;margin:.75rem 0}progress{width:16rem;height:1.25rem}
dl.facts{display:grid;grid-template-columns:minmax(0,12rem) minmax(0,1fr);gap:.25rem 1rem}dl.facts dt{font-weight:600}dl.facts dd{margin:0}dl.facts dt,dl.facts dd{overflow-wrap:anywhere}
dl.figures{display:flex;flex-wrap:wrap;gap:1.5rem}dl.figures dt{color:#4a4a4a}dl.figures dd{margin:0;font-size:1.5rem;font-weight:700}
.grade{font-size:2rem;font-weight:700}.muted{color:#4a4a4a}ol.results{padding-left:1.25rem}ol.results li{margin:.5rem 0}
@media (max-width:30rem){dl.facts{grid-template-columns:1fr}dl.facts dd{margin-bottom:.5rem}}div.scroll{overflow-x:auto;max-width:100%}div.scroll:focus{outline:3px solid #e8a200}div.scroll table{min-width:36rem}.hash{word-break:break-all}ul.columns{columns:16rem}fieldset{border:1px solid #8f8f8f;margin:.75rem 0}select{font:inherit;padding:.25rem}
svg.chart{max-width:720px}svg.chart.bars{max-width:640px}.legend{display:inline-block;margin-right:1rem}.legend svg{margin-right:.3rem;vertical-align:-1px}
footer{border-top:1px solid #c4c4c4;margin-top:3rem;padding:1rem;color:#4a4a4a;font-size:.875rem;text-align:center}
table.grid th,table.grid td{text-align:center;padding:.25rem .4rem}td.late{background:#fde7e4;color:#8c1d18;font-weight:700}caption{text-align:left;font-weight:600;padding:.25rem 0}article.record{border:1px solid #8f8f8f;border-radius:4px;padding:0 1rem;margin:1rem 0}article.record h3{margin:.75rem 0 .5rem}
@media print{header nav,footer,.skip,.no-print{display:none}main{max-width:none;padding:0}h2{break-after:avoid}tr,figure{break-inside:avoid}a{color:inherit;text-decoration:none}}
div.chart-scroll svg.chart{min-width:600px}div.chart-scroll svg.chart.bars{min-width:560px}nav.pager{display:flex;flex-wrap:wrap;gap:1rem;align-items:center;margin:1rem 0}ul.records h3{font-size:1.05rem;margin:0 0 .25rem}form.filters{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:flex-end}form.filters p{margin:0;min-width:0;max-width:100%}form.filters select{max-width:100%}.note{border-left:4px solid #0b57d0;background:#e8f0fe;padding:.5rem 1rem}h2.item{font-size:1.1rem;border:0;margin:0 0 .25rem}
@media print{ul.plain>li,section.entry{break-inside:avoid}article.report h1{margin-top:0}}
`

/** The hash that lets the pages' one inline style sheet apply under the content security policy (platform/csp.ts). */
export const PAGE_STYLE_HASH = styleHash(STYLE)

export function page(lang: Lang, options: { title: string; path: string; body: string; head?: string }): string {
  const other: Lang = lang === 'zh' ? 'en' : 'zh'
  const sep = options.path.includes('?') ? '&' : '?'
  return `<!doctype html>
<html lang="${lang === 'zh' ? 'zh-CN' : 'en'}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
${options.head ?? ''}<title>${esc(options.title)} · ${esc(t(lang, 'siteName'))}</title><style>${STYLE}</style></head>
<body><a class="skip" href="#main">${esc(t(lang, 'skip'))}</a>
<header><a class="site" href="/">${esc(t(lang, 'siteName'))}</a>
<nav aria-label="${lang === 'zh' ? '主导航' : 'Main'}"><ul>
<li><a href="/">${esc(t(lang, 'navSearch'))}</a></li><li><a href="/lists">${esc(t(lang, 'navLists'))}</a></li><li><a href="/publicity">${esc(t(lang, 'navPublicity'))}</a></li><li><a href="/statistics">${esc(t(lang, 'navStatistics'))}</a></li><li><a href="/catalogue">${esc(t(lang, 'navCatalogue'))}</a></li><li><a href="/me">${esc(t(lang, 'navMine'))}</a></li><li><a href="/docs">${esc(t(lang, 'navApi'))}</a></li><li><a href="/help">${esc(t(lang, 'navHelp'))}</a></li>
<li><a href="${esc(options.path + sep)}lang=${other}" lang="${other === 'zh' ? 'zh-CN' : 'en'}" hreflang="${other === 'zh' ? 'zh-CN' : 'en'}">${esc(t(lang, 'otherLanguage'))}</a></li>
</ul></nav></header>
<main id="main">${options.body}</main>
<footer>Fides · ${lang === 'zh' ? '每一次查询都会告知被查询方' : 'Every look is shown to the one looked at'} · <a href="/v1/log/checkpoint">${lang === 'zh' ? '透明日志' : 'Transparency log'}</a> · <a href="/help">${esc(t(lang, 'navHelp'))}</a> · <a href="/help/charter">${esc(t(lang, 'navCharter'))}</a></footer>
</body></html>
`
}

/** One entry of a chart's legend: its colour as a small SVG square (no style attribute: the pages' policy allows none). */
const legendItem = (name: string, colour: string) =>
  `<span class="legend"><svg aria-hidden="true" width="12" height="12"><rect width="12" height="12" fill="${esc(colour)}"/></svg>${esc(name)}</span>`

/**
 * A chart's box: on a narrow screen the chart keeps a minimum width and scrolls inside the box (so its
 * text, in the SVG's units, never shrinks below about 11 px), instead of being scaled down to fit.
 */
const chartBox = (title: string, svg: string) =>
  `<div class="scroll chart-scroll" tabindex="0" role="region" aria-label="${esc(title)}">${svg}</div>`

/** A table: headers as text, cells as HTML the caller has escaped. */
export function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  return `<table><thead><tr>${headers.map((h) => `<th scope="col">${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('')}</tbody></table>`
}

/** A label cut to fit about `room` Latin letters (a Chinese character takes two), with an ellipsis when cut. */
function fitLabel(label: string, room: number): string {
  const width = (c: string) => (/[\u2e80-\uffef]/.test(c) ? 2 : 1)
  if ([...label].reduce((n, c) => n + width(c), 0) <= room) return label
  let used = 0
  let out = ''
  for (const c of label) {
    if (used + width(c) > room - 1) break
    used += width(c)
    out += c
  }
  return out + '…'
}

/** A horizontal bar chart in SVG, with its numbers as text too (the table below has them all). */
export function barChart(
  title: string,
  rows: { label: string; values: { name: string; value: number; colour: string }[] }[],
): string {
  const max = Math.max(1, ...rows.flatMap((r) => r.values.map((v) => v.value)))
  const rowHeight = 18 * (rows[0]?.values.length ?? 1) + 14
  const width = 640
  const labelWidth = 200
  const height = rows.length * rowHeight + 10
  const bars = rows
    .map((r, i) => {
      const y = i * rowHeight + 5
      const label = fitLabel(r.label, 26)
      return (
        `<text x="0" y="${y + 12}" font-size="14">${esc(label)}<title>${esc(r.label)}</title></text>` +
        r.values
          .map((v, k) => {
            const w = Math.round(((width - labelWidth - 40) * v.value) / max)
            return `<rect x="${labelWidth}" y="${y + k * 18}" width="${w}" height="14" fill="${v.colour}"><title>${esc(v.name)}: ${v.value}</title></rect><text x="${labelWidth + w + 4}" y="${y + k * 18 + 11}" font-size="13">${v.value}</text>`
          })
          .join('')
      )
    })
    .join('')
  const legend = (rows[0]?.values ?? []).map((v) => legendItem(v.name, v.colour)).join('')
  return `<figure>${chartBox(title, `<svg class="chart bars" role="img" aria-label="${esc(title)}" viewBox="0 0 ${width} ${height}" width="100%">${bars}</svg>`)}<figcaption class="muted">${legend}</figcaption></figure>`
}

/**
 * Several monthly series as grouped columns in SVG (a picture of the trend); every number is also in
 * the table that goes with it. `months` are YYYY-MM, labelled every third.
 */
export function monthlyChart(
  title: string,
  months: readonly string[],
  series: readonly { name: string; values: readonly number[]; colour: string }[],
): string {
  const width = 720,
    height = 220,
    left = 36,
    bottom = 28,
    top = 8
  const max = Math.max(1, ...series.flatMap((s) => s.values))
  const step = (width - left) / Math.max(1, months.length)
  const bar = Math.max(1, (step - 2) / Math.max(1, series.length))
  const y = (v: number) => top + (height - top - bottom) * (1 - v / max)
  const columns = months
    .map(
      (m, i) =>
        series
          .map((s, k) => {
            const v = s.values[i] ?? 0
            return v === 0
              ? ''
              : `<rect x="${(left + i * step + k * bar).toFixed(1)}" y="${y(v).toFixed(1)}" width="${(bar - 0.5).toFixed(1)}" height="${(height - bottom - y(v)).toFixed(1)}" fill="${s.colour}"><title>${esc(`${m} ${s.name}: ${v}`)}</title></rect>`
          })
          .join('') +
        (i % 3 === 0
          ? `<text x="${(left + i * step).toFixed(1)}" y="${height - 10}" font-size="13">${esc(m)}</text>`
          : ''),
    )
    .join('')
  const axis = `<line x1="${left}" y1="${height - bottom}" x2="${width}" y2="${height - bottom}" stroke="#5f5f5f"/><text x="0" y="${top + 12}" font-size="13">${max}</text><text x="0" y="${height - bottom}" font-size="13">0</text>`
  const legend = series.map((s) => legendItem(s.name, s.colour)).join('')
  return `<figure>${chartBox(title, `<svg class="chart" role="img" aria-label="${esc(title)}" viewBox="0 0 ${width} ${height}" width="100%">${axis}${columns}</svg>`)}<figcaption class="muted">${legend}</figcaption></figure>`
}

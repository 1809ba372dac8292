/**
 * Help in plain words, in both languages, for anyone (/help and a page per topic): what Fides holds and
 * why, how to object, how credit repair works, what the lists mean, and the charter: what the platform
 * will never do. The periods they tell are built from their one home (time-limits.ts); the rest points
 * to the public catalogue, where each kind's and each list's own periods are.
 */
import type { FastifyInstance, FastifyPluginAsync } from 'fastify'
import { OBJECTION_ANSWER_DAYS } from '../modules/catalogue/index.ts'
import { type Lang, type Messages, type Text, pick } from './i18n.ts'
import { esc, page } from './layout.ts'
import { languageOf, pageRoute, portalBasics } from './http.ts'

export const TEXT = {
  helpTitle: { zh: '帮助', en: 'Help' },
  helpIntro: {
    zh: '用简单的话说明本平台保存什么信息、为什么保存，以及您可以做什么。',
    en: 'What the platform holds and why, and what you can do about it, in plain words.',
  },
  holdsTitle: { zh: '平台保存什么，为什么保存', en: 'What Fides holds, and why' },
  holds1: {
    zh: '本平台汇集法院、税务、市场监管等机关和金融机构依法报送的信用记录，例如行政许可、行政处罚、法院判决的履行情况和贷款还款情况。',
    en: 'The platform gathers the credit records that courts, tax offices, market regulators, other agencies and lenders are allowed by law to send: licences, penalties, whether court judgments were carried out, loan repayments.',
  },
  holds2: {
    zh: '每一类记录都列在公开的信息目录中，写明法律依据、公开与否和保存期限。目录之外的信息一律不收。',
    en: 'Every kind of record is listed in the public catalogue with its legal basis, whether it is public, and how long it is kept. Nothing outside the catalogue is accepted.',
  },
  holds3: {
    zh: '企业和其他组织的部分信息向社会公开，任何人都可以查询；个人的信息从不公开，只有本人和经本人授权、有合法目的的机构才能查看。',
    en: 'Some information about enterprises and other organisations is public: anyone can look it up. Information about persons is never public: only the person, and those with a lawful purpose and the person’s consent, can see it.',
  },
  holds4: {
    zh: '每一次查看个人或组织非公开信息的行为都会被记录，被查询方可以看到是谁、为了什么目的查看。',
    en: 'Every look at information that is not public is recorded, and the one looked at can see who looked and why.',
  },
  objectTitle: { zh: '如何提出异议', en: 'How to object' },
  object1: {
    zh: '如果您认为关于本人或本单位的记录有误，可以登录“我的信用档案”，在该记录旁选择“提出异议”，写明理由，可附上证明材料。',
    en: 'If you think a record about you or your organisation is wrong, sign in to “My file”, choose “Object” beside the record, say why, and add documents if you have them.',
  },
  object2: {
    zh: `报送记录的机关须在${OBJECTION_ANSWER_DAYS}日内答复：核实无误、更正或撤回。异议处理期间，公开页面会标明“异议处理中”。`,
    en: `The agency that sent the record must answer within ${OBJECTION_ANSWER_DAYS} days: it confirms the record, corrects it or withdraws it. Meanwhile the public page marks the record as under objection.`,
  },
  object3: {
    zh: '逾期未答复的，该记录暂停展示，直到作出答复。对名单条目的异议，在异议期内提出，由信用管理部门处理。',
    en: 'If the answer is late, the record is no longer shown until it comes. An objection to a list entry is made within its objection period and decided by the credit authority.',
  },
  repairTitle: { zh: '信用修复如何进行', en: 'How credit repair works' },
  repair1: {
    zh: '信用修复让已纠正失信行为的主体提前结束负面信息的公示。并非所有记录都可以修复：目录中写明了每一类记录是否可以修复，以及至少公示多长时间。',
    en: 'Credit repair lets an organisation that has put right what it did wrong end the publication of a negative record early. Not every record can be repaired: the catalogue says for each kind whether it can, and the least time it stays public.',
  },
  repair2: {
    zh: '已履行义务（例如缴清罚款）并且公示满最短期限后，可在“我的信用档案”中对该记录申请修复，附上履行的证明。',
    en: 'Once the obligation is fulfilled (a fine paid, for instance) and the shortest publication period has passed, apply for repair on that record in “My file”, with proof of what was done.',
  },
  repair3: {
    zh: '工作人员审核后作出决定并说明理由。获批准的，该记录不再公开，但仍保存至保存期满。',
    en: 'An officer reviews the application and decides, giving reasons. If it is approved, the record is no longer public, though it is kept until its retention period ends.',
  },
  listsTitle: { zh: '红名单和黑名单是什么意思', en: 'What the red and black lists mean' },
  lists1: {
    zh: '红名单表彰守信的企业和组织，例如纳税信用最高等级的纳税人。黑名单列入有严重失信行为的主体，例如拒不履行法院判决。',
    en: 'Red lists commend organisations that keep faith, such as taxpayers with the top tax credit grade. Black lists name those with a serious breach of trust, such as refusing to carry out a court judgment.',
  },
  lists2: {
    zh: '列入名单必须有法律依据和生效的决定，先告知当事人并给予异议期，再由具名的工作人员作出决定。机器不能单独决定列入。',
    en: 'An entry needs a legal basis and a decision in force; the one concerned is told first and given time to object, and then a named officer decides. No machine decides alone.',
  },
  lists3: {
    zh: '每个名单条目都有固定期限，期满自动移出；符合条件的，还可以提前移出。名单只针对当事人本人，绝不牵连亲属或其他人。',
    en: 'Every entry has a fixed term and ends by itself when it is over; some can end early when the conditions are met. An entry concerns only the one listed, never relatives or anyone else.',
  },
  lists4: {
    zh: '每个名单可能带来的激励或限制措施、法律依据和期限，都在信息目录中公开。',
    en: 'The incentives or restrictions that may follow each list, their legal basis and their terms are all public in the catalogue.',
  },
  charterTitle: { zh: '平台章程：我们绝不会做的事', en: 'The charter: what the platform will never do' },
  charter1: {
    zh: '收集政治观点、宗教信仰、民族、健康、基因、生物识别信息、社会关系或网络言论。',
    en: 'Hold data on political opinions, religion, ethnicity, health, genetics, biometrics, social relationships or online speech.',
  },
  charter2: {
    zh: '根据消费、社交关系或他人评价给个人打分，或把个人在不同领域的记录合成一个“诚信分”。',
    en: 'Score persons on what they buy, whom they know, or what others say of them; combine a person’s records from unrelated areas into one “trustworthiness” number.',
  },
  charter3: {
    zh: '因一人的记录惩罚他人：任何措施都不会针对亲属、子女或关联人。',
    en: 'Punish anyone for another’s record: no measure may reach relatives, children or associates.',
  },
  charter4: {
    zh: '限制基本权利：社会保障、医疗、义务教育、法律援助和诉讼权利不受任何措施影响。',
    en: 'Restrict basic rights: social security, healthcare, compulsory education, legal aid and access to courts are beyond any measure.',
  },
  charter5: {
    zh: '让机器单独作决定，永久保存负面信息，或允许任何人在没有合法目的、当事人无从知晓的情况下查看非公开信息。',
    en: 'Let a machine decide alone; keep negative information forever; let anyone read information that is not public without a lawful purpose and without the one concerned being able to see it.',
  },
  charter6: {
    zh: '这些限制写在程序里，而不只是写在纸上。所有变更和每一次查看都记入任何人都可以核验的透明日志。',
    en: 'These limits are written into the code, not only on paper. Every change and every look goes into a transparency log that anyone can check.',
  },
  neverIntro: { zh: '本平台绝不会：', en: 'The platform will never:' },
  seeCatalogue: { zh: '查看信息目录', en: 'See the catalogue' },
  seeMine: { zh: '打开我的信用档案', en: 'Open my file' },
  seeLists: { zh: '查看在列的名单', en: 'See the lists in force' },
  topics: { zh: '帮助主题', en: 'Help topics' },
  notFound: { zh: '没有这个帮助主题。', en: 'There is no such help topic.' },
} satisfies Messages

type Topic = {
  slug: string
  title: Text
  paragraphs: readonly Text[]
  /** a list of what the platform will never do, after the paragraphs' first (the charter) */
  never?: readonly Text[]
  link?: { href: string; words: Text }
}

const TOPICS: readonly Topic[] = [
  {
    slug: 'holds',
    title: TEXT.holdsTitle,
    paragraphs: [TEXT.holds1, TEXT.holds2, TEXT.holds3, TEXT.holds4],
    link: { href: '/catalogue', words: TEXT.seeCatalogue },
  },
  {
    slug: 'objections',
    title: TEXT.objectTitle,
    paragraphs: [TEXT.object1, TEXT.object2, TEXT.object3],
    link: { href: '/me', words: TEXT.seeMine },
  },
  {
    slug: 'repair',
    title: TEXT.repairTitle,
    paragraphs: [TEXT.repair1, TEXT.repair2, TEXT.repair3],
    link: { href: '/me', words: TEXT.seeMine },
  },
  {
    slug: 'lists',
    title: TEXT.listsTitle,
    paragraphs: [TEXT.lists1, TEXT.lists2, TEXT.lists3, TEXT.lists4],
    link: { href: '/lists', words: TEXT.seeLists },
  },
  {
    slug: 'charter',
    title: TEXT.charterTitle,
    paragraphs: [TEXT.charter6],
    never: [TEXT.charter1, TEXT.charter2, TEXT.charter3, TEXT.charter4, TEXT.charter5],
    link: { href: '/catalogue', words: TEXT.seeCatalogue },
  },
]

const topicList = (lang: Lang, current?: string) =>
  `<nav aria-label="${esc(pick(lang, TEXT.topics))}"><ul>${TOPICS.map((t) => `<li><a href="/help/${t.slug}"${t.slug === current ? ' aria-current="page"' : ''}>${esc(pick(lang, t.title))}</a></li>`).join('')}</ul></nav>`

function topicBody(lang: Lang, topic: Topic): string {
  const never = topic.never
    ? `<p>${esc(pick(lang, TEXT.neverIntro))}</p><ul>${topic.never.map((p) => `<li>${esc(pick(lang, p))}</li>`).join('')}</ul>`
    : ''
  const paragraphs = topic.paragraphs.map((p) => `<p>${esc(pick(lang, p))}</p>`).join('')
  const link = topic.link ? `<p><a href="${esc(topic.link.href)}">${esc(pick(lang, topic.link.words))}</a></p>` : ''
  return `<h1>${esc(pick(lang, topic.title))}</h1>${never}${paragraphs}${link}<h2>${esc(pick(lang, TEXT.topics))}</h2>${topicList(lang, topic.slug)}`
}

export function helpRoutes(_root: () => FastifyInstance): FastifyPluginAsync {
  return async (app) => {
    portalBasics(app)
    const send = (lang: Lang, status: number, title: string, path: string, body: string) =>
      ({ status, html: page(lang, { title, path, body }) }) as const

    app.get('/help', pageRoute, async (request, reply) => {
      const lang = languageOf(request)
      const { status, html } = send(
        lang,
        200,
        pick(lang, TEXT.helpTitle),
        '/help',
        `<h1>${esc(pick(lang, TEXT.helpTitle))}</h1><p>${esc(pick(lang, TEXT.helpIntro))}</p>${topicList(lang)}`,
      )
      return reply
        .status(status)
        .type('text/html; charset=utf-8')
        .header('content-language', lang === 'zh' ? 'zh-CN' : 'en')
        .send(html)
    })

    app.get('/help/:topic', pageRoute, async (request, reply) => {
      const lang = languageOf(request)
      const slug = (request.params as { topic: string }).topic
      const topic = TOPICS.find((t) => t.slug === slug)
      const { status, html } = topic
        ? send(lang, 200, pick(lang, topic.title), `/help/${topic.slug}`, topicBody(lang, topic))
        : send(
            lang,
            404,
            pick(lang, TEXT.notFound),
            '/help',
            `<h1>${esc(pick(lang, TEXT.notFound))}</h1>${topicList(lang)}`,
          )
      return reply
        .status(status)
        .type('text/html; charset=utf-8')
        .header('content-language', lang === 'zh' ? 'zh-CN' : 'en')
        .send(html)
    })
  }
}

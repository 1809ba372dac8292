/**
 * Registration: a person, or an organisation's representative, opens an account claiming its
 * identifier (a resident identity number with the name, or a USCC with the organisation's name), POSTed
 * to POST /v1/accounts, never in a URL; then learns that an officer verifies the claim before the account
 * sees anything, and what to do next. A mistake shows the form again with what was typed (never the
 * password) and each sentence beside its field.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { PASSWORD_MIN_LENGTH } from '../modules/access/index.ts'
import { type Lang, type Messages, pick, t } from './i18n.ts'
import { esc, page } from './layout.ts'
import {
  callApi,
  cookie,
  field,
  formAlert,
  formState,
  formRoute,
  type FormState,
  languageOf,
  pageRoute,
  sendPrivate,
} from './http.ts'
import { randomToken } from '../platform/crypto.ts'

export const TEXT = {
  register: { zh: '注册账户', en: 'Register' },
  intro: {
    zh: '个人或组织的代表可以在这里开立账户，查看平台保存的关于本人或本组织的全部信息，提出异议，申请信用修复。注册后，信用管理部门须先核验您的身份，账户才能看到任何信息。',
    en: "A person, or an organisation's representative, opens an account here to see everything the platform holds on them, object, and apply for credit repair. An officer checks your identity first: until then the account sees nothing.",
  },
  whoAreYou: { zh: '我是', en: 'I am' },
  aPerson: { zh: '个人（本人）', en: 'a person (myself)' },
  anOrganisation: { zh: '组织的代表', en: "an organisation's representative" },
  subjectName: { zh: '姓名或组织名称（与证件一致）', en: 'Name, or the organisation’s name (as on the documents)' },
  identifier: {
    zh: '身份证号码（个人）或统一社会信用代码（组织）',
    en: 'Resident identity number (a person) or Unified Social Credit Code (an organisation)',
  },
  identifierHint: {
    zh: '18位。只用于核验和查找您的档案，加密保存，不会显示在网址中。',
    en: '18 characters. Used only to verify you and find your file; stored encrypted, never put in an address.',
  },
  displayName: { zh: '称呼（可选）', en: 'What to call you (optional)' },
  username: { zh: '用户名', en: 'Username' },
  usernameHint: {
    zh: '3至64个字符：小写字母、数字、点、连字符或下划线，以字母或数字开头。',
    en: '3 to 64 characters: lower-case letters, digits, dots, dashes or underscores, starting with a letter or digit.',
  },
  password: { zh: '密码', en: 'Password' },
  passwordHint: (n: number) => ({ zh: `至少${n}个字符。`, en: `At least ${n} characters.` }),
  send: { zh: '提交注册申请', en: 'Register' },
  haveAccount: { zh: '已有账户？', en: 'Have an account?' },
  signIn: { zh: '登录', en: 'Sign in' },
  formExpired: {
    zh: '注册表单已过期，请重新填写密码后提交。',
    en: 'The form had expired: please enter the password again and send it.',
  },
  doneTitle: { zh: '注册申请已提交', en: 'Your registration is in' },
  awaitingTitle: { zh: '您的账户正在等待核验', en: 'Your account awaits verification' },
  awaiting: {
    zh: '信用管理部门核验您的身份之前，账户看不到任何信息。这是为了保证只有本人或组织授权的代表才能查看档案。',
    en: 'Until an officer has verified your identity, the account sees nothing: only the person, or a representative the organisation has authorised, may see a file.',
  },
  nextTitle: { zh: '接下来', en: 'What happens next' },
  next1: {
    zh: '个人：携带本人身份证到信用管理部门，或按其通知提交证件。',
    en: 'A person: bring your identity card to the credit authority, or send it as the authority asks.',
  },
  next2: {
    zh: '组织：携带营业执照和本组织出具的授权书。',
    en: "An organisation: bring the business licence and the organisation's letter of authority.",
  },
  next3: {
    zh: '核验通过后，用您的用户名和密码登录，即可查看信用档案、谁查询过、提出异议和申请信用修复。',
    en: 'Once verified, sign in with your username and password to see your file and who looked at it, object, and apply for repair.',
  },
} satisfies Messages

/** The registration form's own token (like the sign-in form's), in a cookie for /register only. */
const REGISTER_COOKIE = 'fides_register'

/** What the visitor typed, as the API's pointers name it: /subject/uscc or /subject/residentId → identifier. */
const fieldOf = (pointer: string): string | undefined => {
  const p = pointer.replace(/^\/body/, '')
  if (/^\/subject\/(uscc|residentId)\b/.test(p) || p === '/subject' || p === '') return 'identifier'
  if (/^\/subject\/name\b/.test(p)) return 'subjectName'
  return /^\/([^/]+)/.exec(p)?.[1]
}

/** What happens next, after registering and while the account awaits verification. */
export const whatNext = (lang: Lang): string =>
  `<h2>${esc(pick(lang, TEXT.nextTitle))}</h2><ol><li>${esc(pick(lang, TEXT.next1))}</li><li>${esc(pick(lang, TEXT.next2))}</li><li>${esc(pick(lang, TEXT.next3))}</li></ol>`

export function registrationRoutes(app: FastifyInstance, root: () => FastifyInstance): void {
  const issueToken = (reply: FastifyReply): string => {
    const token = randomToken(16)
    reply.header('set-cookie', `${REGISTER_COOKIE}=${token}; Path=/register; HttpOnly; SameSite=Strict`)
    return token
  }
  const form = (lang: Lang, token: string, state?: FormState) => {
    const f = 'register'
    return page(lang, {
      title: pick(lang, TEXT.register),
      path: '/register',
      body: `<h1>${esc(pick(lang, TEXT.register))}</h1><p>${esc(pick(lang, TEXT.intro))}</p>${formAlert(state, f)}
<form method="post" action="/register" novalidate><input type="hidden" name="token" value="${esc(token)}">
${field(state, f, {
  name: 'who',
  label: pick(lang, TEXT.whoAreYou),
  options: [
    ['person', pick(lang, TEXT.aPerson)],
    ['organisation', pick(lang, TEXT.anOrganisation)],
  ],
})}
${field(state, f, { name: 'subjectName', label: pick(lang, TEXT.subjectName), required: true, maxlength: 200 })}
${field(state, f, { name: 'identifier', label: pick(lang, TEXT.identifier), hint: pick(lang, TEXT.identifierHint), required: true, maxlength: 18, autocomplete: 'off' })}
${field(state, f, { name: 'displayName', label: pick(lang, TEXT.displayName), maxlength: 100, autocomplete: 'name' })}
${field(state, f, { name: 'username', label: pick(lang, TEXT.username), hint: pick(lang, TEXT.usernameHint), required: true, maxlength: 64, autocomplete: 'username' })}
${field(state, f, { name: 'password', label: pick(lang, TEXT.password), kind: 'password', hint: pick(lang, TEXT.passwordHint(PASSWORD_MIN_LENGTH)), required: true, maxlength: 256, autocomplete: 'new-password' })}
<button type="submit">${esc(pick(lang, TEXT.send))}</button></form>
<p>${esc(pick(lang, TEXT.haveAccount))} <a href="/signin">${esc(pick(lang, TEXT.signIn))}</a></p>`,
    })
  }

  app.get('/register', pageRoute, async (request, reply) => {
    const lang = languageOf(request)
    return sendPrivate(reply, 200, form(lang, issueToken(reply)))
  })

  app.post('/register', formRoute, async (request: FastifyRequest, reply: FastifyReply) => {
    const lang = languageOf(request)
    const f = (request.body ?? {}) as Record<string, string>
    // what was typed, to show again: never the password
    const values = {
      who: f.who === 'organisation' ? 'organisation' : 'person',
      subjectName: f.subjectName ?? '',
      identifier: f.identifier ?? '',
      displayName: f.displayName ?? '',
      username: f.username ?? '',
    }
    const token = cookie(request, REGISTER_COOKIE)
    if (!token || f.token !== token)
      return sendPrivate(
        reply,
        403,
        form(lang, issueToken(reply), {
          form: 'register',
          values,
          errors: {},
          message: pick(lang, TEXT.formExpired),
        }),
      )
    const identifier = values.identifier.replace(/\s+/g, '').toUpperCase()
    const name = values.subjectName.trim()
    const res = await callApi(
      root,
      request,
      'POST',
      '/v1/accounts',
      {
        json: {
          username: values.username.trim(),
          password: f.password ?? '',
          displayName: values.displayName.trim() || name,
          subject: values.who === 'organisation' ? { uscc: identifier, name } : { residentId: identifier, name },
        },
      },
      { session: false },
    )
    if (res.statusCode === 201) {
      reply.header('set-cookie', `${REGISTER_COOKIE}=; Path=/register; Max-Age=0`)
      return reply.redirect('/register/done', 303)
    }
    const state = formState(lang, 'register', values, res.body, fieldOf)
    // the API's "request.invalid" on a username says nothing of the rule: the rule, in words
    if (state.errors.username && !res.body.includes('"rule"'))
      state.errors = { ...state.errors, username: pick(lang, TEXT.usernameHint) }
    if (res.statusCode === 429) {
      const seconds = Math.max(1, Number(res.headers['retry-after']) || 1)
      reply.header('retry-after', String(seconds))
    }
    return sendPrivate(
      reply,
      res.statusCode >= 500 ? 500 : res.statusCode === 429 ? 429 : 422,
      form(lang, issueToken(reply), state),
    )
  })

  app.get('/register/done', pageRoute, async (request, reply) => {
    const lang = languageOf(request)
    return sendPrivate(
      reply,
      200,
      page(lang, {
        title: pick(lang, TEXT.doneTitle),
        path: '/register/done',
        body: `<h1>${esc(pick(lang, TEXT.doneTitle))}</h1><p role="status">${esc(pick(lang, TEXT.awaiting))}</p>${whatNext(lang)}<p><a href="/signin">${esc(t(lang, 'navSignIn'))}</a></p>`,
      }),
    )
  })
}

/** The page a signed-in subject sees while its claim awaits an officer. */
export const awaitingBody = (lang: Lang, signOut: string): string =>
  `<h1>${esc(pick(lang, TEXT.awaitingTitle))}</h1><p role="status">${esc(pick(lang, TEXT.awaiting))}</p>${whatNext(lang)}${signOut}`

export const awaitingTitle = (lang: Lang): string => pick(lang, TEXT.awaitingTitle)

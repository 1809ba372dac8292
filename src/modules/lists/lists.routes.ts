import type { FastifyPluginAsync } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { AppError } from '../../platform/app-error.ts'
import { BODY_LIMIT_SMALL, requireRole } from '../../platform/http.ts'
import { actorOf, verifiedSubjectOf, type Principal } from '../../platform/principal.ts'
import { problemResponses } from '../../platform/problem-schema.ts'
import { EvidenceSchema, TextSchema } from '../objections/index.ts'
import { parseUscc } from '../identifiers/index.ts'
import { readSubjectIdentity, subjectIdFor, subjectIdOf } from '../subjects/index.ts'
import { listsPolicy } from './lists.policy.ts'
import { CheckSchema, EntriesSchema, EntryDetailSchema, EntrySchema, OwnEntriesSchema } from './lists.schemas.ts'
import { PublicEntriesQuerySchema, PublicEntriesSchema } from './lists.schemas.ts'
import { browsePublicEntries } from './lists.public.ts'

/** Entries a page, when the public browses the lists. */
const PUBLIC_ENTRIES_PAGE = 20
import {
  annulEntry,
  decideEntry,
  entryQueue,
  getEntry,
  hearEntry,
  listOwnEntries,
  listPublicEntries,
  noticeEntry,
  objectToEntry,
  proposeEntry,
  removeEntryEarly,
  reportRemovalCondition,
  type ListsContext,
  type Officer,
} from './lists.service.ts'
import { checkSubject } from './lists.checks.ts'

const EntryId = Type.Object({ entryId: Type.String({ format: 'uuid' }) })
const Text = TextSchema

function officerOf(principal: Extract<Principal, { role: 'officer' }>): Officer {
  return { actor: actorOf(principal), name: principal.label }
}

/** A subject named in a check: its id, or an organisation's USCC (public anyway); a person's identity number only in a POST body. */
function subjectOfQuery(ctx: ListsContext, subject: string): string {
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(subject)) return subject.toLowerCase()
  const uscc = parseUscc(subject)
  if (!uscc.valid)
    throw new AppError(
      'request.invalid',
      'subject is a subject id or a Unified Social Credit Code; check a person with POST /v1/checks',
      [{ pointer: '/querystring/subject', detail: 'not a subject id or a valid USCC' }],
    )
  return subjectIdOf(ctx.keys.index, { kind: 'organisation', uscc: uscc.value.code })
}

export function listRoutes(ctx: ListsContext): FastifyPluginAsync {
  return async (plain) => {
    const app = plain.withTypeProvider<TypeBoxTypeProvider>()

    app.get(
      '/v1/lists',
      {
        config: { policy: listsPolicy.catalogue },
        schema: {
          tags: ['lists'],
          summary:
            'The list catalogue in force: list kinds (criteria, terms, objection windows, early removal) and the measures that may follow them, resolved against the measure dictionary',
          response: { 200: Type.Unknown({ description: 'the list catalogue in force' }), ...problemResponses },
        },
      },
      async () => ctx.lists,
    )

    app.get(
      '/v1/public/subjects/:subjectId/list-entries',
      {
        config: { policy: listsPolicy.publicEntries },
        schema: {
          tags: ['public'],
          summary: "An organisation's entries in force on publicly disclosed lists",
          params: Type.Object({ subjectId: Type.String({ format: 'uuid' }) }),
          response: { 200: EntriesSchema, ...problemResponses },
        },
      },
      async (request) => ({ entries: await listPublicEntries(ctx, request.params.subjectId) }),
    )

    app.post(
      '/v1/lists/entries',
      {
        bodyLimit: BODY_LIMIT_SMALL,
        config: { policy: listsPolicy.propose },
        schema: {
          tags: ['lists'],
          summary:
            "Propose a list entry, citing a legally effective record in the subject's file and a criterion of the list",
          body: Type.Object(
            {
              subjectId: Type.String({ format: 'uuid' }),
              listKind: Type.String(),
              criterion: Type.String(),
              basisRecordId: Type.String({ format: 'uuid' }),
              reasons: Text(4000, 'why: kept with the entry, told to the subject with the notice'),
            },
            { additionalProperties: false },
          ),
          response: { 201: EntrySchema, ...problemResponses },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(await proposeEntry(ctx, officerOf(requireRole(request, ...listsPolicy.propose)), request.body)),
    )

    app.get(
      '/v1/lists/entries',
      {
        config: { policy: listsPolicy.queue },
        schema: {
          tags: ['lists'],
          summary: "The officers' queue of entries: open, awaiting decision, active, removal due or overdue",
          querystring: Type.Object({
            filter: Type.Optional(
              Type.Union(
                ['open', 'awaiting_decision', 'active', 'removal_due', 'removal_overdue'].map((f) => Type.Literal(f)),
              ),
            ),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
          }),
          response: {
            200: Type.Unknown({ description: 'the counts of the queue and its entries' }),
            ...problemResponses,
          },
        },
      },
      async (request) => {
        requireRole(request, ...listsPolicy.queue)
        return entryQueue(ctx, (request.query.filter ?? 'open') as 'open', request.query.limit ?? 100)
      },
    )

    app.get(
      '/v1/lists/entries/:entryId',
      {
        config: { policy: listsPolicy.read },
        schema: {
          tags: ['lists'],
          summary: "One list entry, with each step's reasons and the entry's audit events (the look is recorded)",
          params: EntryId,
          response: {
            200: EntryDetailSchema,
            ...problemResponses,
          },
        },
      },
      async (request) => getEntry(ctx, actorOf(requireRole(request, ...listsPolicy.read)), request.params.entryId),
    )

    const step = (
      path: string,
      summary: string,
      body: ReturnType<typeof Type.Object> | undefined,
      run: (officer: Officer, entryId: string, body: never) => Promise<unknown>,
    ) => {
      app.post(
        `/v1/lists/entries/:entryId/${path}`,
        {
          bodyLimit: BODY_LIMIT_SMALL,
          config: { policy: listsPolicy.step },
          schema: {
            tags: ['lists'],
            summary,
            params: EntryId,
            ...(body ? { body } : {}),
            response: { 200: EntrySchema, ...problemResponses },
          },
        },
        async (request) =>
          run(
            officerOf(requireRole(request, ...listsPolicy.step)),
            (request.params as { entryId: string }).entryId,
            request.body as never,
          ),
      )
    }
    const Reasons = Type.Object(
      { reasons: Text(4000, 'why: kept with the entry, shown with the step, told to the subject in its notice') },
      { additionalProperties: false },
    )
    step(
      'notice',
      'Give the subject written notice: the objection window (30 days or more) starts',
      Reasons,
      (o, id, body: { reasons: string }) => noticeEntry(ctx, o, id, body.reasons),
    )
    step('hearing', "Record the hearing of the subject's objection", Reasons, (o, id, body: { reasons: string }) =>
      hearEntry(ctx, o, id, body.reasons),
    )
    step(
      'decision',
      'Decide: listed (for the default term, or longer up to the maximum) or rejected; settles the objection heard',
      Type.Object(
        {
          outcome: Type.Union([Type.Literal('listed'), Type.Literal('rejected')]),
          term: Type.Optional(Type.String({ pattern: '^P' })),
          reasons: Text(4000),
          decidingAgency: Text(
            200,
            "one of the entry's decidingAgencies (GET /v1/lists/entries/{entryId}), by displayName or name; any other is refused with 422 list.agency_not_allowed",
          ),
        },
        { additionalProperties: false },
      ),
      (o, id, body: { outcome: 'listed' | 'rejected'; term?: string; reasons: string; decidingAgency: string }) =>
        decideEntry(ctx, o, id, body),
    )
    step(
      'removal-condition',
      "Record that an early-removal condition is met (e.g. full performance): removal falls due within the list's working days",
      Type.Object({ condition: Type.String() }, { additionalProperties: false }),
      (o, id, body: { condition: string }) => reportRemovalCondition(ctx, o.actor, id, body.condition),
    )
    step(
      'removal',
      'Remove the entry early (after an early-removal condition is met)',
      Reasons,
      (o, id, body: { reasons: string }) => removeEntryEarly(ctx, o, id, body.reasons),
    )
    step(
      'annulment',
      'Annul an entry in force (an objection upheld); settles the objection',
      Reasons,
      (o, id, body: { reasons: string }) => annulEntry(ctx, o, id, body.reasons),
    )

    app.get(
      '/v1/me/list-entries',
      {
        config: { policy: listsPolicy.ownEntries },
        schema: {
          tags: ['self-service'],
          summary: 'Every list entry about me, proposed, in force or ended, and whether I can object to it now',
          response: { 200: OwnEntriesSchema, ...problemResponses },
        },
      },
      async (request) => ({
        entries: await listOwnEntries(ctx, verifiedSubjectOf(requireRole(request, ...listsPolicy.ownEntries))),
      }),
    )

    app.post(
      '/v1/me/list-entries/:entryId/objection',
      {
        bodyLimit: BODY_LIMIT_SMALL,
        config: { policy: listsPolicy.ownObjection },
        schema: {
          tags: ['self-service'],
          summary:
            'Object to an entry about me: inside the window, nothing is decided before a hearing; against an entry in force, officers review it',
          params: EntryId,
          body: Type.Object(
            {
              reasons: Text(4000),
              evidence: Type.Optional(EvidenceSchema()),
              statement: Type.Optional(Type.Union([Text(1000), Type.Null()])),
            },
            { additionalProperties: false },
          ),
          response: { 200: EntrySchema, ...problemResponses },
        },
      },
      async (request) => {
        const principal = requireRole(request, ...listsPolicy.ownObjection)
        return objectToEntry(
          ctx,
          actorOf(principal),
          verifiedSubjectOf(principal),
          request.params.entryId,
          request.body,
        )
      },
    )

    app.post(
      '/v1/me/list-entries/:entryId/removal-condition',
      {
        bodyLimit: BODY_LIMIT_SMALL,
        config: { policy: listsPolicy.ownRemovalCondition },
        schema: {
          tags: ['self-service'],
          summary:
            'Report that I have met an early-removal condition (e.g. paid in full): the entry is due for removal within the working days shown',
          params: EntryId,
          body: Type.Object({ condition: Type.String() }, { additionalProperties: false }),
          response: { 200: EntrySchema, ...problemResponses },
        },
      },
      async (request) => {
        const principal = requireRole(request, ...listsPolicy.ownRemovalCondition)
        return reportRemovalCondition(ctx, actorOf(principal), request.params.entryId, request.body.condition, {
          subjectId: verifiedSubjectOf(principal),
        })
      },
    )

    app.get(
      '/v1/checks',
      {
        config: { policy: listsPolicy.check },
        schema: {
          tags: ['checks'],
          summary:
            'Does a measure apply to this subject now, in my domain? (departments; every check is shown to the subject)',
          querystring: Type.Object({
            subject: Type.String({ description: "a subject id, or an organisation's USCC" }),
            domain: Type.String(),
          }),
          response: { 200: CheckSchema, ...problemResponses },
        },
      },
      async (request) => {
        const principal = requireRole(request, ...listsPolicy.check)
        return checkSubject(
          ctx,
          principal.department,
          actorOf(principal),
          subjectOfQuery(ctx, request.query.subject),
          request.query.domain,
        )
      },
    )

    app.post(
      '/v1/checks',
      {
        bodyLimit: BODY_LIMIT_SMALL,
        validatorCompiler: () => () => true,
        config: { policy: listsPolicy.check },
        schema: {
          tags: ['checks'],
          summary: 'The same check for a natural person, named by identity number in the body (never in a URL)',
          body: Type.Object({
            subject: Type.Object({ residentId: Type.String(), name: Type.String() }),
            domain: Type.String(),
          }),
          response: { 200: CheckSchema, ...problemResponses },
        },
      },
      async (request) => {
        const principal = requireRole(request, ...listsPolicy.check)
        const body = (request.body ?? {}) as { subject?: unknown; domain?: unknown }
        if (typeof body.domain !== 'string')
          throw new AppError('request.invalid', 'domain is required', [{ pointer: '/domain', detail: 'required' }])
        const identity = readSubjectIdentity(body.subject, '/subject', { today: ctx.clock.now(), mayFlag: false })
        if (identity instanceof AppError) throw identity
        return checkSubject(
          ctx,
          principal.department,
          actorOf(principal),
          subjectIdFor(ctx.keys, identity),
          body.domain,
        )
      },
    )

    app.get(
      '/v1/public/list-entries',
      {
        config: { policy: listsPolicy.publicEntries },
        schema: {
          tags: ['public'],
          summary:
            'Entries in force on publicly disclosed red and black lists, by list, deciding agency, region and date',
          description:
            'Organisations only (a natural person has no public file), latest decision first, 20 a page; `listKinds` and `agencies` are what there is to filter by.',
          querystring: PublicEntriesQuerySchema,
          response: { 200: PublicEntriesSchema, ...problemResponses },
        },
      },
      async (request) => {
        const q = request.query
        return browsePublicEntries(ctx, {
          page: q.page ?? 1,
          size: PUBLIC_ENTRIES_PAGE,
          ...(q.listType === undefined ? {} : { listType: q.listType }),
          ...(q.listKind === undefined ? {} : { listKind: q.listKind }),
          ...(q.agency === undefined ? {} : { agency: q.agency }),
          ...(q.region === undefined ? {} : { region: q.region }),
          ...(q.from === undefined ? {} : { from: q.from }),
          ...(q.to === undefined ? {} : { to: q.to }),
        })
      },
    )
  }
}

/**
 * The officer console, second part, one file per part: list entries (officer-lists.ts), credit repair
 * applications (officer-repairs.ts) and scoring models (officer-models.ts), with what they share in
 * officer-console.ts. Every action asks for reasons; every entry and application page shows its
 * steps' audit events. All through the API.
 */
import multipart from '@fastify/multipart'
import type { FastifyPluginAsync } from 'fastify'
import { portalBasics } from './http.ts'
import type { Root } from './officer-console.ts'
import { officerListPages } from './officer-lists.ts'
import { officerModelPages } from './officer-models.ts'
import { officerRepairPages } from './officer-repairs.ts'

export function officerWorkRoutes(root: Root): FastifyPluginAsync {
  return async (app) => {
    portalBasics(app)
    // forms are urlencoded; a model file comes multipart
    await app.register(multipart, { limits: { files: 1, fields: 6, fileSize: 8 * 1024 * 1024 } })
    officerListPages(app, root)
    officerRepairPages(app, root)
    officerModelPages(app, root)
  }
}

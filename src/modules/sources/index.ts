export { agencyTypes, isAgencyType, type AgencyType, type Source } from './sources.ts'
export {
  addSource,
  authenticateApiKey,
  findSourcePrincipal,
  getSourceByName,
  issueDepartmentKey,
  issueOfficerKey,
  issueRelyingPartyKey,
  listSources,
  type NewSource,
} from './sources.service.ts'
export {
  checkWebhookUrl,
  deliverWebhooks,
  enqueueWebhook,
  setWebhook,
  webhookSignature,
  type DeliveryReport,
  type WebhookEvent,
} from './webhooks.ts'
export {
  findDepartmentByName,
  findRelyingPartyByName,
  insertDepartment,
  insertRelyingParty,
  relyingPartyRows,
  sourceNames,
  sourceRows,
  apiKeyLabels,
  sourceDisplayNames,
  type Department,
  type RelyingParty,
} from './sources.repository.ts'

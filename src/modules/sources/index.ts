export { agencyTypes, isAgencyType, type AgencyType, type Source } from './sources.ts'
export { addSource, authenticateApiKey, getSourceByName, issueOfficerKey, issueRelyingPartyKey, listSources, type NewSource } from './sources.service.ts'

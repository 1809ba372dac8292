export { listStatistics, type Statistics, type StatisticsContext } from './statistics.service.ts'
export { statisticsRoutes } from './statistics.routes.ts'
export { statisticsPolicy } from './statistics.policy.ts'

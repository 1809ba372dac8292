export {
  binCategorical,
  binIndex,
  binLabel,
  binNumeric,
  informationValue,
  isMissing,
  type BinRule,
  type FeatureBinning,
  type FeatureBinningOptions,
  type FittedBin,
  type Trend,
} from './binning.ts'
export {
  binningCells,
  binningTable,
  binningText,
  type BinningRow,
  type BinningTable,
} from './binning-table.ts'
export {
  checkDerivations,
  derive,
  elementValue,
  featureElements,
  inputProblem,
  isProtectedAttribute,
  loadProtectedList,
  resolveSpec,
  type ColumnMapping,
  type Derivation,
  type ElementRef,
  type FeatureSpec,
  type ModelInput,
  type ModelSpec,
  type ProtectedAttribute,
  type ProtectedList,
  type SpecProblem,
} from './features.ts'
export { fitLogistic, type LogisticFit } from './logistic.ts'
export {
  auc,
  aucDeLong,
  bandOf,
  brierScore,
  psiOfShares,
  ks,
  psi,
  quantileEdges,
  rocCurve,
  seededRandom,
  stratifiedFolds,
} from './metrics.ts'
export {
  binFeatures,
  cardsOf,
  fitScorecard,
  fitSegmented,
  ModelError,
  modelText,
  scorer,
  scoreTable,
  segmentOf,
  withDerived,
  type FitOptions,
  type Model,
  type ModelFeature,
  type Reason,
  type ScorecardModel,
  type Scored,
  type SegmentedModel,
  type Table,
} from './scorecard.ts'
export { DEFAULT_OUTCOME, outcomeProblems, withOutcome, type OutcomeCoding } from './outcome.ts'
export { fileProblem, readBytes, readTable } from './table.ts'
export { reportHtml, validate, type ValidationReport } from './report.ts'
export {
  adverseActionNotice,
  characteristicsOfModel,
  checkModelFile,
  elementsOfModel,
  getModel,
  inputsOfModel,
  listModels,
  publishModel,
  scorePerson,
  scoringPurposes,
  withdrawModel,
  type ModelFileProblem,
  type PublishedModel,
  type ScoreResult,
  type ScoringContext,
} from './registry.ts'
export { scoringRoutes } from './scoring.routes.ts'
export { CHI_GRID, fitTuned, tuneChiThreshold, type Tuning } from './tune.ts'
export { scoringPolicy } from './scoring.policy.ts'
export {
  CHARACTERISTIC_KINDS,
  CHARACTERISTICS_VERSION,
  characteristicName,
  characteristicProblem,
  computeCharacteristic,
  outcomeOf,
  type Characteristic,
  type FileAsOf,
} from './characteristics.ts'
export { buildSample, endOfChinaDay, readFileNow, sampleCharacteristics } from './from-file.ts'
export { listPersonScores, type PersonScore } from './person-scores.ts'
export { PersonScoresSchema } from './scoring.schemas.ts'
export {
  ModelsSchema,
  ModelSummary,
  StabilitySchema,
  StabilitySummarySchema,
} from './scoring.schemas.ts'
export { modelStability, stabilitySummary, type StabilitySummary } from './monitoring.ts'
export { deleteOldGivenScores, GIVEN_SCORES_KEPT_MONTHS, isMonth, monthOf, shiftMonth } from './given-scores.ts'
export {
  MIN_MONTH_SCORES,
  PSI_SHIFTED,
  PSI_WATCH,
  STABILITY_STATUSES,
  stabilityOf,
  stabilityStatus,
  type MonthCounts,
  type StabilityReport,
  type StabilityStatus,
} from './stability.ts'

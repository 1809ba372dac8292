export {
  fadedPoints,
  ratingEngine,
  type RatedRecord,
  type Rating,
  type RatingEngine,
  type RatingReason,
} from './engine.ts'
export {
  DEFAULT_RATING_MODEL,
  loadRatingModel,
  validateRatingModel,
  type RatingComponent,
  type RatingModel,
} from './model.ts'
export {
  findRating,
  publicGrade,
  publicGrades,
  ratingContextOf,
  ratingTick,
  readRating,
  recomputeAll,
  rerateChanged,
  type PassReport,
  type RatingsContext,
  type StoredRatingView,
} from './ratings.service.ts'
export { ratingsRoutes } from './ratings.routes.ts'
export { ratingsPolicy } from './ratings.policy.ts'
export { OwnRatingSchema, RatingSchema } from './ratings.schemas.ts'

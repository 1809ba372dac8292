/**
 * Statutory time limits the code keeps (the catalogue files keep the rest): each is set here once,
 * and every date and every text that tells it is built from it.
 */

/** The days a source (or, against a list entry in force, the credit authority) has to answer an objection (CIIR art. 25). */
export const OBJECTION_ANSWER_DAYS = 20

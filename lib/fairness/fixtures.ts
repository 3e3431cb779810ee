// Published figures the fairness tests check against, written out once.

/**
 * ProPublica's COMPAS analysis (propublica/compas-analysis, "Compas Analysis.ipynb"): prediction = score_text
 * Medium or High, label = two_year_recid. Black: fpr 0.4485, fnr 0.2799; white: fpr 0.2345, fnr 0.4772.
 */
export const COMPAS = {
  black: { tp: 1369, fp: 805, tn: 990, fn: 532 },
  white: { tp: 505, fp: 349, tn: 1139, fn: 461 },
};

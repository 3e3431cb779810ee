export const MAX_DEPTH = 20;
/** A graph answer stops growing here and says so (`truncated`); impact lists are not cut. */
export const MAX_GRAPH_NODES = 2000;

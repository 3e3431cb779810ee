/** How many hops each way the explorer shows around its centre before any expansion. */
export const START_DEPTH = 2;

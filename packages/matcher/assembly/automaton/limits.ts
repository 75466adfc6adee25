// Bounds on what one string set may cost. Every bound is checked before memory is
// taken, so a hostile set ends in a located error or in the lazy fallback, never in an
// unbounded allocation. DESIGN.md explains how the numbers were chosen.

/** Most groups in one set (the contract asks for at least 1024). */
export const MAX_GROUPS: u32 = 65536;

/** Most patterns in one set, all groups together. */
export const MAX_PATTERNS: u32 = 1 << 20;

/** Most NFA nodes in one set (a literal byte is one node, `?` is eight). */
export const MAX_NFA_NODES: u32 = 1 << 20;

/** Most live string sets in one module instance. */
export const MAX_SETS: u32 = 65536;

/** Default cap on the states of an eagerly built DFA; past it the set becomes a lazy DFA. */
export const DEFAULT_MAX_DFA_STATES: u32 = 16384;

/** Cap on the transition-table bytes of an eagerly built DFA. */
export const MAX_DFA_TABLE_BYTES: u32 = 4 << 20;

/**
 * Cap on the work of eager construction, counted in NFA-node visits (one visit = one node
 * of a source state stepped over one byte class). Bounds compile time when states are few
 * but huge (`*a*a*a…` with thousands of stars).
 */
export const MAX_BUILD_STEPS: u32 = 4_000_000;

/** Cap on the NFA-node words stored for the states of an eager build (their subsets). */
export const MAX_BUILD_SUBSET_WORDS: u32 = 2 << 20;

/** Default number of cached states of the lazy DFA (its cache is flushed when full). */
export const DEFAULT_CACHE_STATES: u32 = 1024;

/** Smallest allowed cache: the dead state, the start state and the state being entered. */
export const MIN_CACHE_STATES: u32 = 4;

/** Subset words the lazy cache may hold beyond what one flush-and-continue needs. */
export const CACHE_SUBSET_WORDS_PER_STATE: u32 = 64;

// String-set automaton ABI (issue: matcher). Filled in by the matcher work.
export function automatonReady(): i32 {
  return 0;
}

// Raw-bytes executor ABI (issue: raw-bytes executor). Filled in by the executor work.
export function executorReady(): i32 {
  return 0;
}

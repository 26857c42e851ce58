/** Sibling-only surface. */
export { runningChildren } from './childProcesses.js'

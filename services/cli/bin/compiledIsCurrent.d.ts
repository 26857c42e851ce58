/** The compiled CLI's entry module (services/cli/dist/relaymesh.js). */
export declare const compiledEntry: URL
/** True when `relaymesh` runs its compiled build (see compiledIsCurrent.js). */
export declare function compiledIsCurrent(): boolean

// `node --import ./test/registerModuleHooks.mjs`: test/run.mjs runs every test file with it. Node 24 parses a
// package's whole `exports` map again for each module it loads from it (179 KB for drizzle-orm: 4 s and ~200 MiB
// of heap per process that imports the store); services/cli/bin/moduleHooks.js resolves around that.
import { registerModuleHooks } from '../services/cli/bin/moduleHooks.js'

registerModuleHooks()

// Starts worker.ts from source. Plain CommonJS, because nothing can load TypeScript in a
// fresh worker thread yet: on Node 20 the parent's tsx ESM hooks do not reach workers, and
// under vitest there are none. tsx's CommonJS hook patches require() in this very thread
// (no loader-hooks thread to start, unlike its ESM register: ~20 ms instead of ~200 ms per
// open). client.ts strips inherited tsx flags, so this is the one registration here.
require('tsx/cjs/api').register();
require('./worker.ts');

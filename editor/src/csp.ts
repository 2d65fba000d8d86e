import { z } from 'zod';

// The editor is served with a CSP that allows no eval (runtime/src/api/security-headers.ts).
// zod compiles object parsers with `new Function` when it can, probing with a caught
// `new Function('')` that the browser still reports as a CSP violation: parse without the JIT.
// Imported first by main.tsx, before any schema parses.
z.config({ jitless: true });

import { config } from 'zod';

// zod compiles its parsers with `new Function` when it may; under the app's Content-Security-Policy (no
// 'unsafe-eval') it may not, and merely trying reports a violation on every page. Interpreted parsing instead.
config({ jitless: true });

/**
 * `import '@greenlight/sdk/jitless'`, first in a browser entry whose Content-Security-Policy has no
 * `'unsafe-eval'`: zod, which the SDK parses every response with, then never tries `new Function`.
 *
 * Without it everything still works (zod falls back to interpreted parsing), but its one probe, made when the
 * first schema is built (as the SDK's module loads, before any of your code or the components run), is a CSP
 * violation the browser reports. The setting is zod's global one: it reaches this zod, the SDK's, and so your
 * own schemas too when you share the copy; they parse interpreted as well. That is why the SDK and the React
 * components never set it themselves: it is the page's decision, and only the page's first import is early enough.
 */
import { config } from 'zod';

config({ jitless: true });

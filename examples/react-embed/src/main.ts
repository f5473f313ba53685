// `pnpm --filter @greenlight/example-react-embed start`: builds MentorHub's page, then runs MentorHub's backend
// and the Greenlight server beside it until Ctrl-C.
import { buildPage, startStack } from './stack';

const print = (line: string) => process.stdout.write(`${line}\n`);
const pageDir = await buildPage();
const stack = await startStack({
  pageDir,
  platformPort: Number(process.env.PORT ?? 3200),
  greenlightPort: Number(process.env.GREENLIGHT_PORT ?? 3100),
});
print(`MentorHub   ${stack.platform.url}/  (sign in as Mia, the mentor, or Noah, the mentee)`);
print(`Greenlight  ${stack.greenlight.url}  (CORS allows MentorHub; tokens come from MentorHub's backend)`);
print('Ctrl-C stops both.');
const stop = () => void stack.stop().then(() => process.exit(0));
process.once('SIGINT', stop);
process.once('SIGTERM', stop);

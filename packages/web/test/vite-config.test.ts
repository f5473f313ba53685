import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer } from 'vite';
import { expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const reactSources = fileURLToPath(new URL('../../react/src/', import.meta.url));

it('takes the components’ stylesheet from its source, like their code, through the package’s own export', async () => {
  const server = await createServer({
    root,
    configFile: join(root, 'vite.config.ts'),
    logLevel: 'silent',
    appType: 'custom',
    server: { middlewareMode: true, ws: false },
  });
  try {
    const resolve = (id: string) =>
      server.environments.client.pluginContainer.resolveId(id, join(root, 'src/main.tsx'));
    expect((await resolve('@greenlight/react/styles.css'))?.id).toBe(join(reactSources, 'styles.css'));
    expect((await resolve('@greenlight/react'))?.id).toBe(join(reactSources, 'index.ts'));
    // No alias stands in for the export.
    expect(JSON.stringify(server.config.resolve.alias)).not.toContain('styles.css');
  } finally {
    await server.close();
  }
});

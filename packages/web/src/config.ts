import { WebAppConfig } from '@greenlight/core/contract';

/** What the server says about itself before anyone signs in (`/app/config.json`). */
export async function loadConfig(signal?: AbortSignal): Promise<WebAppConfig> {
  const response = await fetch('/app/config.json', { signal, headers: { accept: 'application/json' } });
  if (!response.ok) throw new Error(`the server answered ${response.status} for its configuration`);
  return WebAppConfig.parse(await response.json());
}

import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SLACK_EVENTS_PATH, SLACK_OAUTH_REDIRECT_PATH } from './app';
import { BOT_SCOPES } from './installations';
import { SLASH_COMMAND } from './listeners/commands';

const manifest = JSON.parse(readFileSync(new URL('../manifest.json', import.meta.url), 'utf8'));

describe('manifest.json', () => {
  it('asks for the scopes the bot uses: DMs, ephemeral notes, the slash command', () => {
    expect(manifest.oauth_config.scopes.bot).toEqual(
      expect.arrayContaining(['chat:write', 'im:write', 'users:read', 'commands']),
    );
  });

  it('covers every Web API method the source calls (chat.delete of a duplicate card is chat:write)', () => {
    // The bot token scope each method needs, from Slack's method reference; views.* need none.
    const SCOPES: Record<string, string | null> = {
      'chat.postMessage': 'chat:write',
      'chat.postEphemeral': 'chat:write',
      'chat.update': 'chat:write',
      'chat.delete': 'chat:write',
      'conversations.open': 'im:write',
      'users.info': 'users:read',
      'conversations.history': 'im:history',
      'views.open': null,
      'views.update': null,
      'views.push': null,
      'views.publish': null,
    };
    const called = new Set<string>();
    const dir = new URL('./', import.meta.url);
    for (const file of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
      if (!file.endsWith('.ts') || file.endsWith('.test.ts')) continue;
      const source = readFileSync(new URL(file, dir), 'utf8');
      for (const match of source.matchAll(
        /\b(?:client|slack)\.(chat|conversations|users|views|im)\.(\w+)\(/g,
      )) {
        called.add(`${match[1]}.${match[2]}`);
      }
    }
    expect(called).toContain('chat.delete');
    for (const method of called) {
      expect(Object.keys(SCOPES), `${method} is not in the scope table`).toContain(method);
      const scope = SCOPES[method];
      if (scope) expect(manifest.oauth_config.scopes.bot, `${method} needs ${scope}`).toContain(scope);
    }
  });

  it('points events, interactivity and the slash command at the bot’s Slack endpoint', () => {
    const urls = [
      manifest.settings.event_subscriptions.request_url,
      manifest.settings.interactivity.request_url,
      ...manifest.features.slash_commands.map((c: { url: string }) => c.url),
    ];
    for (const url of urls) expect(new URL(url).pathname).toBe(SLACK_EVENTS_PATH);
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
  });

  it('declares the slash command the bot registers, App Home, and the app_home_opened event', () => {
    expect(manifest.features.slash_commands.map((c: { command: string }) => c.command)).toEqual([
      SLASH_COMMAND,
    ]);
    expect(manifest.features.app_home.home_tab_enabled).toBe(true);
    expect(manifest.settings.event_subscriptions.bot_events).toContain('app_home_opened');
  });

  it('installs through OAuth with the scopes the bot asks for, back to its redirect path, and hears uninstalls and an org’s workspaces', () => {
    expect(manifest.oauth_config.scopes.bot).toEqual([...BOT_SCOPES]);
    expect(manifest.oauth_config.redirect_urls.map((url: string) => new URL(url).pathname)).toEqual([
      SLACK_OAUTH_REDIRECT_PATH,
    ]);
    expect(manifest.settings.event_subscriptions.bot_events).toEqual(
      expect.arrayContaining([
        'app_uninstalled',
        'tokens_revoked',
        'team_access_granted',
        'team_access_revoked',
      ]),
    );
  });

  it('hears the mentor’s replies in a card’s thread: message.im with im:history', () => {
    expect(manifest.settings.event_subscriptions.bot_events).toContain('message.im');
    expect(manifest.oauth_config.scopes.bot).toContain('im:history');
  });

  it('leaves token rotation off by default: one bot token (SLACK_BOT_TOKEN) is never refreshed, and Slack cannot turn rotation off again', () => {
    expect(manifest.settings.token_rotation_enabled).toBe(false);
  });
});

import type { SlackCall } from '../../../packages/slack-bot/test/fake-slack';

interface Text {
  text?: string;
}
interface Block {
  type: string;
  text?: Text;
  fields?: Text[];
  /** Context elements carry `text` as a string, buttons as a text object. */
  elements?: { type: string; text?: string | Text }[];
}

/** `<!date^1700000000^{date_short_pretty}|fallback>` shows as its fallback outside Slack. */
function plain(text = ''): string {
  return text.replace(/<!date\^[^|>]*\|([^>]*)>/g, '$1').replace(/<([^|>]+)\|([^>]+)>/g, '$2 ($1)');
}

function textOf(value: string | Text | undefined): string {
  return plain(typeof value === 'string' ? value : value?.text);
}

function blockLines(block: Block): string[] {
  switch (block.type) {
    case 'header':
      return [`▌ ${plain(block.text?.text)}`];
    case 'section':
      return [
        ...(block.text ? plain(block.text.text).split('\n') : []),
        ...(block.fields ?? []).map((f) => plain(f.text).replace(/\n/g, ' ')),
      ];
    case 'context':
      return [
        (block.elements ?? [])
          .map((e) => textOf(e.text))
          .filter(Boolean)
          .join(' · '),
      ];
    case 'actions':
      return [
        (block.elements ?? [])
          .filter((e) => e.type === 'button')
          .map((e) => `[${textOf(e.text)}]`)
          .join(' '),
      ];
    case 'divider':
      return ['────────'];
    default:
      return [];
  }
}

/**
 * A readable account of one call the bot made to Slack's Web API, for the local mode where the fake Slack
 * stands in for the mentor's DMs: messages are shown as the text of their blocks, buttons in brackets.
 */
export function describeSlackCall(call: SlackCall): string[] {
  const { method, args } = call;
  switch (method) {
    case 'chat.postMessage':
    case 'chat.update': {
      const where = `${method === 'chat.update' ? 'updated' : 'posted'} in ${String(args.channel)}${args.thread_ts ? ' (thread)' : ''}`;
      const blocks = (args.blocks as Block[] | undefined) ?? [];
      const body = blocks.length > 0 ? blocks.flatMap(blockLines) : [plain(String(args.text ?? ''))];
      return [
        `slack ${method} — ${where}`,
        ...body.filter((line) => line.trim() !== '').map((l) => `  │ ${l}`),
      ];
    }
    case 'conversations.open':
      return [`slack conversations.open — DM with ${String(args.users)}`];
    case 'users.info':
      return [`slack users.info — is ${String(args.user)} still in the workspace?`];
    case 'views.publish':
      return [`slack views.publish — App Home of ${String(args.user_id)}`];
    default:
      return [`slack ${method}`];
  }
}

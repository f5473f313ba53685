/** Slack's documented Block Kit limits that the views must respect. */
export const SLACK_LIMITS = {
  messageBlocks: 50,
  modalBlocks: 100,
  homeBlocks: 100,
  /** section / context / mrkdwn text objects. */
  text: 3000,
  headerText: 150,
  buttonText: 75,
  buttonValue: 2000,
  actionId: 255,
  blockId: 255,
  callbackId: 255,
  privateMetadata: 3000,
  modalTitle: 24,
  modalButton: 24,
  optionText: 75,
  optionValue: 150,
  sectionFields: 10,
  fieldText: 2000,
  actionsElements: 25,
  altText: 2000,
  imageUrl: 3000,
  confirmTitle: 100,
  confirmText: 300,
} as const;

/** Cuts `text` to at most `max` characters, marking the cut with an ellipsis. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${text.slice(0, Math.max(0, max - 1))}…`;
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/** Escapes the three characters Slack's mrkdwn treats as control characters, so user text cannot inject mentions or links. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/[&<>]/g, (c) => ENTITIES[c]!);
}

/** Escapes user text and cuts it to `max` characters of output without splitting an entity. */
export function escapeAndTruncate(text: string, max: number): string {
  const escaped = escapeMrkdwn(text);
  if (escaped.length <= max) return escaped;
  let out = '';
  for (const char of text) {
    const piece = ENTITIES[char] ?? char;
    if (out.length + piece.length > max - 1) break;
    out += piece;
  }
  return `${out}…`;
}

import type { KnownBlock, View } from '@slack/types';
import { SLACK_LIMITS as L } from '../src/views/limits';

type Obj = Record<string, unknown>;

/** Every place a message or view breaks one of Slack's Block Kit limits; empty when it fits. */
export function limitViolations(
  blocks: readonly KnownBlock[] | readonly unknown[],
  maxBlocks: number,
  view?: View,
): string[] {
  const problems: string[] = [];
  const check = (ok: boolean, what: string) => {
    if (!ok) problems.push(what);
  };
  const text = (t: unknown, max: number, where: string) => {
    if (t && typeof t === 'object' && typeof (t as Obj).text === 'string') {
      const s = (t as Obj).text as string;
      check(s.length <= max, `${where}: ${s.length} > ${max} characters`);
      check(s.length > 0, `${where}: empty text`);
    }
  };
  const actionIds = new Set<string>();
  const blockIds = new Set<string>();
  const element = (e: Obj, where: string) => {
    if (typeof e.action_id === 'string') {
      check(e.action_id.length <= L.actionId, `${where}: action_id ${e.action_id.length} > ${L.actionId}`);
      check(!actionIds.has(e.action_id), `${where}: duplicate action_id ${e.action_id}`);
      actionIds.add(e.action_id);
    }
    if (e.type === 'button') {
      text(e.text, L.buttonText, `${where} button text`);
      if (typeof e.value === 'string')
        check(e.value.length <= L.buttonValue, `${where}: button value too long`);
      if (typeof e.url === 'string') check(e.url.length <= L.imageUrl, `${where}: button url too long`);
      if (e.confirm) {
        const c = e.confirm as Obj;
        text(c.title, L.confirmTitle, `${where} confirm title`);
        text(c.text, L.confirmText, `${where} confirm text`);
      }
    }
    if (e.type === 'image') {
      check(typeof e.alt_text === 'string' && e.alt_text.length <= L.altText, `${where}: alt_text`);
      check(typeof e.image_url === 'string' && e.image_url.length <= L.imageUrl, `${where}: image_url`);
    }
    if (e.type === 'static_select' || e.type === 'checkboxes') {
      const options = (e.options as Obj[]) ?? [];
      for (const o of options) {
        text(o.text, L.optionText, `${where} option text`);
        text(o.description, L.optionText, `${where} option description`);
        check(String(o.value).length <= L.optionValue, `${where}: option value`);
      }
      if (e.type === 'checkboxes') {
        check(options.length >= 1 && options.length <= 10, `${where}: ${options.length} checkboxes`);
        // Slack refuses initial options that are not exactly among the options.
        const known = new Set(options.map((o) => JSON.stringify(o)));
        for (const o of (e.initial_options as Obj[]) ?? []) {
          check(known.has(JSON.stringify(o)), `${where}: initial option ${String(o.value)} is not an option`);
        }
      }
    }
    if (
      e.type === 'plain_text_input' &&
      typeof e.initial_value === 'string' &&
      typeof e.max_length === 'number'
    ) {
      check(e.initial_value.length <= e.max_length, `${where}: initial_value longer than max_length`);
    }
  };
  check(blocks.length <= maxBlocks, `${blocks.length} blocks > ${maxBlocks}`);
  blocks.forEach((raw, i) => {
    const b = raw as Obj;
    const where = `block ${i} (${String(b.type)})`;
    if (typeof b.block_id === 'string') {
      check(b.block_id.length <= L.blockId, `${where}: block_id too long`);
      check(!blockIds.has(b.block_id), `${where}: duplicate block_id ${b.block_id}`);
      blockIds.add(b.block_id);
    }
    switch (b.type) {
      case 'header':
        text(b.text, L.headerText, where);
        break;
      case 'section': {
        text(b.text, L.text, where);
        const fields = (b.fields as Obj[] | undefined) ?? [];
        check(fields.length <= L.sectionFields, `${where}: ${fields.length} fields`);
        for (const [j, f] of fields.entries()) text(f, L.fieldText, `${where} field ${j}`);
        check(Boolean(b.text || fields.length), `${where}: no text and no fields`);
        if (b.accessory) element(b.accessory as Obj, `${where} accessory`);
        break;
      }
      case 'context': {
        const elements = (b.elements as Obj[]) ?? [];
        check(elements.length >= 1 && elements.length <= 10, `${where}: ${elements.length} elements`);
        for (const [j, e] of elements.entries()) {
          if (e.type === 'image') element(e, `${where} image ${j}`);
          else text(e, L.text, `${where} element ${j}`);
        }
        break;
      }
      case 'actions': {
        const elements = (b.elements as Obj[]) ?? [];
        check(
          elements.length >= 1 && elements.length <= L.actionsElements,
          `${where}: ${elements.length} elements`,
        );
        for (const [j, e] of elements.entries()) element(e, `${where} element ${j}`);
        break;
      }
      case 'input':
        text(b.label, 2000, `${where} label`);
        text(b.hint, 2000, `${where} hint`);
        element(b.element as Obj, `${where} element`);
        break;
      case 'divider':
        break;
      default:
        problems.push(`${where}: unexpected block type`);
    }
  });
  if (view) {
    if (view.private_metadata !== undefined) {
      check(
        view.private_metadata.length <= L.privateMetadata,
        `private_metadata ${view.private_metadata.length} > ${L.privateMetadata}`,
      );
    }
    if (view.callback_id !== undefined)
      check(view.callback_id.length <= L.callbackId, 'callback_id too long');
    if (view.type === 'modal') {
      text(view.title, L.modalTitle, 'modal title');
      text(view.submit, L.modalButton, 'modal submit');
      text(view.close, L.modalButton, 'modal close');
    }
  }
  return problems;
}

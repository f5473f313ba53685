import type { AutoApprovalRuleSet } from '@greenlight/core/contract';
import { type FormEvent, type ReactNode, useEffect, useId, useState } from 'react';
import { errorText, fieldError } from '../errors';
import { useGreenlight } from '../hooks/use-greenlight';
import { useSettings, useUpdateSettings } from '../hooks/use-settings';
import { describeRule, draftOf, inputOf, newDraft, numberOf, RED_FLAG_CODES, type RuleDraft } from '../rules';

/**
 * Schedule → Settings → auto-approval rules: rule sets in order, each with a name, on or off, and its conditions
 * (minimum notice, returning mentee, session types, no red flag of chosen kinds), said in plain words under it.
 * Added, removed and reordered here, saved together; a field the server refuses shows its message on that input.
 */
export function AutoApprovalRules() {
  const settings = useSettings();
  const rules = settings.data?.autoApprovalRules;
  if (!rules) return null;
  return <RulesForm rules={rules} />;
}

function RulesForm({ rules }: { rules: AutoApprovalRuleSet[] }) {
  const { messages } = useGreenlight();
  const update = useUpdateSettings();
  const id = useId();
  const [source, setSource] = useState(rules);
  const [drafts, setDrafts] = useState(() => rules.map(draftOf));
  const [dirty, setDirty] = useState(false);
  const [done, setDone] = useState(false);
  const [local, setLocal] = useState<Record<string, string>>({});
  const [focus, setFocus] = useState<string | null>(null);
  // What the server holds changed (the switch above, another tab) while nothing here was edited: show it.
  if (rules !== source && !dirty) {
    setSource(rules);
    setDrafts(rules.map(draftOf));
  }
  useEffect(() => {
    if (!focus) return;
    setFocus(null);
    document.getElementById(focus)?.focus();
  }, [focus]);

  const edit = (next: RuleDraft[]) => {
    setDrafts(next);
    setDirty(true);
    setDone(false);
    setLocal({});
    update.reset();
  };
  const change = (key: string, patch: Partial<RuleDraft>) =>
    edit(drafts.map((d) => (d.key === key ? { ...d, ...patch } : d)));
  const move = (index: number, by: -1 | 1) => {
    const next = [...drafts];
    const [moved] = next.splice(index, 1);
    if (!moved) return;
    next.splice(index + by, 0, moved);
    edit(next);
    const edge = index + by === 0 || index + by === next.length - 1;
    setFocus(`${id}-${moved.key}-${edge ? (by < 0 ? 'down' : 'up') : by < 0 ? 'up' : 'down'}`);
  };

  /** The message for a field: what is wrong before sending, or what the server said about it. */
  const problem = (index: number, field: string) => {
    const path = `autoApprovalRules[${index}].${field}`;
    return local[path] ?? (update.error ? fieldError(update.error, path) : null);
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const missing: Record<string, string> = {};
    drafts.forEach((draft, i) => {
      for (const field of ['minNoticeHours', 'minCompletedSessions'] as const) {
        const value = draft[field];
        if (value !== null && Number.isNaN(numberOf(value)))
          missing[`autoApprovalRules[${i}].${field}`] = messages.enterNumber;
      }
    });
    setLocal(missing);
    const first = Object.keys(missing)[0];
    if (first) {
      document.getElementById(`${id}-${first}`)?.focus();
      return;
    }
    setDone(false);
    update.mutate(
      { autoApprovalRules: drafts.map(inputOf) },
      {
        onSuccess: (saved) => {
          setDirty(false);
          setSource(saved.autoApprovalRules);
          setDrafts(saved.autoApprovalRules.map(draftOf));
          setDone(true);
        },
        onError: (error) => {
          const path = drafts
            .flatMap((_, i) =>
              ['name', 'minNoticeHours', 'minCompletedSessions', 'sessionTypes', 'noRedFlags'].map(
                (field) => `autoApprovalRules[${i}].${field}`,
              ),
            )
            .find((p) => fieldError(error, p));
          if (path) document.getElementById(`${id}-${path}`)?.focus();
        },
      },
    );
  };

  const fieldLevel = update.error
    ? drafts.some((_, i) =>
        ['name', 'minNoticeHours', 'minCompletedSessions', 'sessionTypes', 'noRedFlags'].some((f) =>
          problem(i, f),
        ),
      )
    : false;
  return (
    <form className="gl-form gl-section" onSubmit={submit} noValidate aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`} className="gl-section__title">
        {messages.rulesTitle}
      </h3>
      <p className="gl-field__hint">{messages.rulesHint}</p>
      {drafts.length === 0 ? <p className="gl-muted">{messages.noRuleSets}</p> : null}
      {drafts.map((draft, index) => (
        <RuleFields
          key={draft.key}
          id={id}
          draft={draft}
          index={index}
          count={drafts.length}
          problem={(field) => problem(index, field)}
          onChange={(patch) => change(draft.key, patch)}
          onMove={(by) => move(index, by)}
          onRemove={() => {
            edit(drafts.filter((d) => d.key !== draft.key));
            setFocus(`${id}-add`);
          }}
        />
      ))}
      {update.error && !fieldLevel ? (
        <p className="gl-notice gl-notice--error" role="alert">
          {messages.actionFailed(errorText(update.error))}
        </p>
      ) : null}
      <div className="gl-actions">
        <button
          id={`${id}-add`}
          type="button"
          className="gl-button"
          onClick={() => {
            const added = newDraft(messages.newRuleSet);
            edit([...drafts, added]);
            setFocus(`${id}-autoApprovalRules[${drafts.length}].name`);
          }}
        >
          {messages.addRuleSet}
        </button>
        <button type="submit" className="gl-button gl-button--primary" disabled={update.isPending}>
          {messages.saveRules}
        </button>
        <span role="status" className="gl-live">
          {done ? messages.saved : null}
        </span>
      </div>
    </form>
  );
}

interface RuleFieldsProps {
  id: string;
  draft: RuleDraft;
  index: number;
  count: number;
  problem(field: string): string | null;
  onChange(patch: Partial<RuleDraft>): void;
  onMove(by: -1 | 1): void;
  onRemove(): void;
}

function RuleFields({ id, draft, index, count, problem, onChange, onMove, onRemove }: RuleFieldsProps) {
  const { messages, format } = useGreenlight();
  const base = `${id}-autoApprovalRules[${index}]`;
  const name = draft.name.trim() || messages.newRuleSet;
  const flags = draft.noRedFlags ?? [];
  return (
    <fieldset className="gl-rule">
      <legend>{messages.ruleSet(index + 1, name)}</legend>
      <TextField
        id={`${base}.name`}
        label={messages.ruleName}
        value={draft.name}
        problem={problem('name')}
        onChange={(value) => onChange({ name: value })}
      />
      <label className="gl-switch">
        <input
          type="checkbox"
          role="switch"
          checked={draft.enabled}
          aria-checked={draft.enabled}
          onChange={(event) => onChange({ enabled: event.target.checked })}
        />
        {messages.ruleEnabled}
      </label>
      <Condition
        label={messages.conditionNotice}
        on={draft.minNoticeHours !== null}
        onToggle={(on) => onChange({ minNoticeHours: on ? '48' : null })}
      >
        <TextField
          id={`${base}.minNoticeHours`}
          label={messages.noticeHours}
          type="number"
          value={draft.minNoticeHours ?? ''}
          problem={problem('minNoticeHours')}
          onChange={(value) => onChange({ minNoticeHours: value })}
        />
      </Condition>
      <Condition
        label={messages.conditionReturning}
        on={draft.minCompletedSessions !== null}
        onToggle={(on) => onChange({ minCompletedSessions: on ? '1' : null })}
      >
        <TextField
          id={`${base}.minCompletedSessions`}
          label={messages.completedSessions}
          type="number"
          value={draft.minCompletedSessions ?? ''}
          problem={problem('minCompletedSessions')}
          onChange={(value) => onChange({ minCompletedSessions: value })}
        />
      </Condition>
      <Condition
        label={messages.conditionTypes}
        on={draft.sessionTypes !== null}
        onToggle={(on) => onChange({ sessionTypes: on ? '' : null })}
      >
        <TextField
          id={`${base}.sessionTypes`}
          label={messages.typeNames}
          value={draft.sessionTypes ?? ''}
          problem={problem('sessionTypes')}
          onChange={(value) => onChange({ sessionTypes: value })}
        />
      </Condition>
      <Condition
        label={messages.conditionFlags}
        on={draft.noRedFlags !== null}
        onToggle={(on) => onChange({ noRedFlags: on ? ['rude_message'] : null })}
      >
        <fieldset
          id={`${base}.noRedFlags`}
          className="gl-fieldset"
          tabIndex={-1}
          aria-describedby={problem('noRedFlags') ? `${base}.noRedFlags-error` : undefined}
        >
          <legend className="gl-sr-only">{messages.conditionFlags}</legend>
          {RED_FLAG_CODES.map((code) => (
            <label key={code} className="gl-choice">
              <input
                type="checkbox"
                checked={flags.includes(code)}
                onChange={(event) =>
                  onChange({
                    noRedFlags: event.target.checked ? [...flags, code] : flags.filter((c) => c !== code),
                  })
                }
              />
              {messages.redFlagTitles[code] ?? code}
            </label>
          ))}
          {problem('noRedFlags') ? (
            <p id={`${base}.noRedFlags-error`} className="gl-field__error">
              {problem('noRedFlags')}
            </p>
          ) : null}
        </fieldset>
      </Condition>
      <p className="gl-rule__says">{describeRule(draft, messages, format)}</p>
      <div className="gl-actions">
        <button
          id={`${id}-${draft.key}-up`}
          type="button"
          className="gl-button"
          aria-label={`${messages.moveUp}: ${name}`}
          disabled={index === 0}
          onClick={() => onMove(-1)}
        >
          {messages.moveUp}
        </button>
        <button
          id={`${id}-${draft.key}-down`}
          type="button"
          className="gl-button"
          aria-label={`${messages.moveDown}: ${name}`}
          disabled={index === count - 1}
          onClick={() => onMove(1)}
        >
          {messages.moveDown}
        </button>
        <button
          type="button"
          className="gl-button gl-button--danger"
          aria-label={`${messages.remove}: ${name}`}
          onClick={onRemove}
        >
          {messages.remove}
        </button>
      </div>
    </fieldset>
  );
}

/** A condition: a checkbox that turns it on, and its value below while it is on. */
function Condition(props: { label: string; on: boolean; onToggle(on: boolean): void; children: ReactNode }) {
  return (
    <div className="gl-field">
      <label className="gl-choice">
        <input
          type="checkbox"
          checked={props.on}
          onChange={(event) => props.onToggle(event.target.checked)}
        />
        {props.label}
      </label>
      {props.on ? props.children : null}
    </div>
  );
}

function TextField(props: {
  id: string;
  label: string;
  value: string;
  type?: 'number';
  problem: string | null;
  onChange(value: string): void;
}) {
  const errorId = `${props.id}-error`;
  return (
    <div className="gl-field">
      <label htmlFor={props.id} className="gl-field__label">
        {props.label}
      </label>
      <input
        id={props.id}
        className="gl-input"
        type={props.type ?? 'text'}
        inputMode={props.type === 'number' ? 'numeric' : undefined}
        value={props.value}
        aria-invalid={props.problem ? true : undefined}
        aria-describedby={props.problem ? errorId : undefined}
        onChange={(event) => props.onChange(event.target.value)}
      />
      {props.problem ? (
        <p id={errorId} className="gl-field__error">
          {props.problem}
        </p>
      ) : null}
    </div>
  );
}

import { NotFoundError } from '@greenlight/sdk';
import { type FormEvent, useId, useRef, useState } from 'react';
import { errorText, fieldError } from '../errors';
import { useChangeDelegate, useDelegates } from '../hooks/use-delegates';
import { useGreenlight } from '../hooks/use-greenlight';
import { usePeople, useViewerTimeZone } from '../hooks/use-user';
import { QueryState } from './QueryState';

/**
 * Schedule → Settings → assistants: who may decide on the mentor's bookings for them. Add one by their user id (the
 * API takes ids: the platform knows its people's ids), remove one at once.
 */
export function MentorAssistants() {
  const { client, messages, format } = useGreenlight();
  const list = useDelegates();
  const change = useChangeDelegate();
  const zone = useViewerTimeZone() ?? 'UTC';
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [value, setValue] = useState('');
  const [notice, setNotice] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const delegates = list.data ?? [];
  const nameOf = usePeople(delegates.map((d) => d.assistantId));
  const nameOrId = (assistantId: string) => nameOf(assistantId) ?? assistantId;

  const add = (event: FormEvent) => {
    event.preventDefault();
    const assistantId = value.trim();
    if (assistantId === '') return;
    setNotice(null);
    setProblem(null);
    change.mutate(
      { assistantId, grant: true },
      {
        onSuccess: async () => {
          setValue('');
          // Now an assistant, their profile is the mentor's to see: name them.
          const user = await client.users.get(assistantId).catch(() => null);
          setNotice(messages.assistantAdded(user?.name ?? assistantId));
        },
        onError: (error) => {
          setProblem(
            error instanceof NotFoundError
              ? messages.noSuchUser
              : (fieldError(error, 'assistantId') ?? messages.actionFailed(errorText(error))),
          );
          input.current?.focus();
        },
      },
    );
  };

  const errorId = `${id}-error`;
  return (
    <section className="gl-section" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`} className="gl-section__title">
        {messages.assistantsTitle}
      </h3>
      <p className="gl-field__hint">{messages.assistantsHint}</p>
      {!list.data ? (
        <QueryState isPending={list.isPending} error={list.error} refetch={list.refetch} />
      ) : delegates.length === 0 ? (
        <p className="gl-muted">{messages.noAssistants}</p>
      ) : (
        <ul className="gl-list">
          {delegates.map((delegation) => (
            <li key={delegation.assistantId} className="gl-item gl-item__row">
              <span>
                <span className="gl-item__title">{nameOrId(delegation.assistantId)}</span>{' '}
                <span className="gl-muted">
                  {messages.assistantSince(format.day(delegation.createdAt, zone))}
                </span>
              </span>
              <button
                type="button"
                className="gl-button"
                aria-label={`${messages.remove}: ${nameOrId(delegation.assistantId)}`}
                onClick={() => {
                  const name = nameOrId(delegation.assistantId);
                  setNotice(null);
                  change.mutate(
                    { assistantId: delegation.assistantId, grant: false },
                    {
                      onSuccess: () => setNotice(messages.assistantRemoved(name)),
                      onError: (error) => setNotice(messages.actionFailed(errorText(error))),
                    },
                  );
                  input.current?.focus();
                }}
              >
                {messages.remove}
              </button>
            </li>
          ))}
        </ul>
      )}
      <form className="gl-form gl-section" onSubmit={add} noValidate>
        <div className="gl-field">
          <label htmlFor={id} className="gl-field__label">
            {messages.assistantId}
          </label>
          <input
            ref={input}
            id={id}
            className="gl-input"
            autoComplete="off"
            spellCheck={false}
            value={value}
            aria-invalid={problem ? true : undefined}
            aria-describedby={problem ? `${errorId} ${id}-hint` : `${id}-hint`}
            onChange={(event) => setValue(event.target.value)}
          />
          <p id={`${id}-hint`} className="gl-field__hint">
            {messages.assistantIdHint}
          </p>
          {problem ? (
            <p id={errorId} className="gl-field__error">
              {problem}
            </p>
          ) : null}
        </div>
        <div className="gl-actions">
          <button type="submit" className="gl-button gl-button--primary" disabled={change.isPending}>
            {messages.addAssistant}
          </button>
          <span role="status" className="gl-live">
            {notice}
          </span>
        </div>
      </form>
    </section>
  );
}

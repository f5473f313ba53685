import { errorText } from '../errors';
import { useGreenlight } from '../hooks/use-greenlight';

export interface QueryStateProps {
  isPending: boolean;
  error: Error | null;
  refetch(): unknown;
}

/** The loading line, or the error with a retry button, of a query that has no data yet; null otherwise. */
export function QueryState({ isPending, error, refetch }: QueryStateProps) {
  const { messages } = useGreenlight();
  if (error) {
    return (
      <div className="gl-notice gl-notice--error" role="alert">
        <p>{messages.loadFailed(errorText(error))}</p>
        <button type="button" className="gl-button" onClick={() => refetch()}>
          {messages.retry}
        </button>
      </div>
    );
  }
  if (isPending) {
    return (
      <p className="gl-muted" role="status">
        {messages.loading}
      </p>
    );
  }
  return null;
}

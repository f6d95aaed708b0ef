// Runs a user action (a form submit, a button) and tracks pending state and its error.

import { useCallback, useState } from 'react';

export interface AsyncAction<A extends unknown[]> {
  run: (...args: A) => Promise<void>;
  pending: boolean;
  error: unknown;
  clearError: () => void;
}

export function useAsyncAction<A extends unknown[]>(
  action: (...args: A) => Promise<unknown>,
): AsyncAction<A> {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const run = useCallback(
    async (...args: A) => {
      setPending(true);
      setError(null);
      try {
        await action(...args);
      } catch (caught) {
        setError(caught);
      } finally {
        setPending(false);
      }
    },
    [action],
  );
  const clearError = useCallback(() => setError(null), []);
  return { run, pending, error, clearError };
}

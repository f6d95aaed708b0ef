// Shows an error in plain words (data-testid "error-message").

import { describeError } from '../core/errors';

export function ErrorMessage({ error }: { error: unknown }) {
  if (!error) return null;
  return (
    <p className="error" role="alert" data-testid="error-message">
      {describeError(error)}
    </p>
  );
}

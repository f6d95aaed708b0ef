import { navigate } from '../core/router';

export function NotFoundPage() {
  return (
    <div className="center-screen">
      <div className="card stack narrow text-center">
        <h1>Page not found</h1>
        <p className="muted">That address doesn’t lead anywhere in Parley.</p>
        <button type="button" className="primary" onClick={() => navigate('/')}>
          Go home
        </button>
      </div>
    </div>
  );
}

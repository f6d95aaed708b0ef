// `/check`: the pre-flight check on its own page (docs/web.md "Pre-flight").

import { PreflightPanel } from '../components/preflight_lazy';
import { TopBar } from '../components/top_bar';

export function CheckPage() {
  return (
    <div className="page">
      <TopBar />
      <main className="home">
        <div className="hero">
          <h1>Check your camera, microphone and connection</h1>
          <p className="muted">
            A few seconds of tests, so that your next call works the first time.
          </p>
        </div>
        <PreflightPanel />
      </main>
    </div>
  );
}

// The pre-flight check's results (docs/web.md "Pre-flight"): one item per check with a
// status and plain words, the microphone meter, a speaker test sound and the upload estimate.
// Used by `/check` and by pre-join; its own chunk (it brings socket.io-client), loaded on demand
// through preflight_lazy.

import { useState } from 'react';
import { CHECKS, CHECK_TITLES, overall, uplinkSentence } from '../core/preflight_rules';
import { usePreflight } from '../hooks/use_preflight';
import { useVideoElement } from '../hooks/use_video_element';

const SUMMARY = {
  ok: 'Everything is ready for a call.',
  warn: 'Calls should work, with the caveats below.',
  fail: 'Something needs attention before a call will work well.',
  running: 'Checking…',
} as const;

export default function PreflightPanel() {
  const [run, setRun] = useState(0);
  return <PreflightView key={run} onRerun={() => setRun((n) => n + 1)} />;
}

function PreflightView({ onRerun }: { onRerun: () => void }) {
  const { state, level } = usePreflight();
  const preview = useVideoElement(state.preview);
  const results = CHECKS.map((c) => state.items[c]);
  const done = results.every((r) => r !== null);
  const status = done ? overall(results.map((r) => r!.status)) : 'running';
  const uplink = state.uplinkKbps === undefined ? null : uplinkSentence(state.uplinkKbps);
  return (
    <section
      className="card preflight"
      data-testid="preflight-result"
      data-status={done ? status : undefined}
      aria-busy={!done}
    >
      <div className="preflight-head" data-status={done ? status : undefined}>
        <span className="status-dot" />
        <strong>{SUMMARY[status]}</strong>
      </div>
      <video ref={preview} className="preflight-preview mirror" muted playsInline autoPlay />
      <div className="stack">
        <span className="small muted">Microphone level — speak to see it move</span>
        <div className="meter" data-testid="mic-meter" role="meter" aria-valuenow={level}>
          <i style={{ width: `${Math.round(level * 100)}%` }} />
        </div>
      </div>
      <ul className="preflight-items">
        {CHECKS.map((name) => {
          const r = state.items[name];
          return (
            <li
              key={name}
              data-testid="preflight-item"
              data-check={name}
              data-status={r?.status ?? 'running'}
            >
              <span className="status-dot" />
              <strong>{CHECK_TITLES[name]}</strong>
              <span data-testid="preflight-sentence">{r ? r.sentence : 'Checking…'}</span>
              {r?.advice && <span className="muted small">{r.advice}</span>}
            </li>
          );
        })}
      </ul>
      <p className="small" data-testid="preflight-uplink" data-status={uplink?.status}>
        {uplink ? uplink.sentence : 'Measuring your upload speed…'}
      </p>
      <div className="row">
        <button type="button" className="secondary small" onClick={playTestSound}>
          Play test sound
        </button>
        <button
          type="button"
          className="ghost small"
          data-testid="preflight-rerun"
          onClick={onRerun}
        >
          Check again
        </button>
      </div>
    </section>
  );
}

/** A short two-tone chime through the default speaker. */
function playTestSound(): void {
  const ctx = new AudioContext();
  const gain = ctx.createGain();
  gain.gain.value = 0.15;
  gain.connect(ctx.destination);
  [660, 880].forEach((freq, i) => {
    const osc = ctx.createOscillator();
    osc.frequency.value = freq;
    osc.connect(gain);
    osc.start(ctx.currentTime + i * 0.35);
    osc.stop(ctx.currentTime + i * 0.35 + 0.3);
  });
  setTimeout(() => void ctx.close(), 1200);
}

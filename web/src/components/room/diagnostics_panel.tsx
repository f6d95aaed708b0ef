// "Why is my call bad": per remote participant the media path, the figures and the likely
// limit in plain words (docs/web.md "Diagnostics"). Samples only while open.

import { VERDICT_WORDS, verdictOf, type Figures } from '../../core/diagnostics';
import { useDiagnostics } from '../../hooks/use_diagnostics';
import { usePeers } from '../../hooks/use_peers';
import { useRoster } from '../../hooks/use_roster';
import { Icon } from '../icon';

const PATH_WORDS = {
  direct: 'Direct (peer to peer)',
  relay: 'Through the relay server (TURN)',
  sfu: 'Through the media server (SFU)',
} as const;

export function DiagnosticsPanel({ open, onClose }: { open: boolean; onClose: () => void }) {
  const figures = useDiagnostics(open);
  const peers = usePeers();
  const { participants, self } = useRoster();
  const remotes = participants.filter((p) => p.socketId !== self?.socketId);
  return (
    <aside
      className="side-panel"
      hidden={!open}
      aria-label="Call diagnostics"
      data-testid="diagnostics-panel"
    >
      <header>
        <h2>Call quality</h2>
        <button type="button" className="ghost icon" onClick={onClose} aria-label="Close">
          <Icon name="close" />
        </button>
      </header>
      <div className="diagnostics">
        {remotes.length === 0 && <p className="muted">Nobody else is here yet.</p>}
        {remotes.map((p) => {
          const f = figures.get(p.socketId);
          const state = peers.get(p.socketId)?.connectionState;
          const sending = peers.get(p.socketId)?.adapt?.sending;
          const verdict = f
            ? verdictOf({ ...f, adapted: sending && sending !== 'full' })
            : undefined;
          return (
            <section
              key={p.socketId}
              className="diagnostics-peer"
              data-testid="diagnostics-peer"
              data-socket-id={p.socketId}
              data-user-id={p.userId}
              data-path={f?.path}
              data-verdict={verdict}
            >
              <strong>{p.username}</strong>
              {f ? (
                <>
                  <p className="small" data-testid="diagnostics-verdict">
                    {VERDICT_WORDS[verdict!]}
                  </p>
                  <FigureList f={f} />
                </>
              ) : (
                <p className="muted small">
                  {state === 'connected' ? 'Measuring…' : `Connection: ${state ?? 'starting'}`}
                </p>
              )}
            </section>
          );
        })}
      </div>
    </aside>
  );
}

function FigureList({ f }: { f: Figures }) {
  const ms = (v: number | null) => (v === null ? '—' : `${v} ms`);
  const rows: [string, string][] = [
    ['Path', PATH_WORDS[f.path]],
    ['Round trip', ms(f.rttMs)],
    ['Loss in / out', `${f.lossInPct.toFixed(1)} % / ${f.lossOutPct?.toFixed(1) ?? '—'} %`],
    ['Jitter', ms(f.jitterMs)],
    ['Receiving', `${f.kbpsIn} kbit/s`],
    ['Sending', `${f.kbpsOut} kbit/s`],
    ['Their video', f.resolution ? `${f.resolution} at ${f.framesPerSecond ?? '?'} fps` : 'none'],
    ['Your encoder', f.limitation === 'none' ? 'not limited' : `limited by ${f.limitation}`],
  ];
  return (
    <dl>
      {rows.map(([k, v]) => (
        <div key={k} style={{ display: 'contents' }}>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}

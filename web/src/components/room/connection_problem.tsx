// A plain-words notice for each remote participant this browser cannot connect to
// (docs/web.md "When a call cannot connect"): shown in place of an endless spinner.

import { useRoster } from '../../hooks/use_roster';
import { useUnreachablePeers } from '../../hooks/use_unreachable_peers';

export function ConnectionProblem() {
  const unreachable = useUnreachablePeers();
  const { participants } = useRoster();
  if (unreachable.length === 0) return null;
  return (
    <div className="notice-stack">
      {unreachable.map((userId) => {
        const name = participants.find((p) => p.userId === userId)?.username ?? 'a participant';
        return (
          <div
            key={userId}
            className="notice"
            role="alert"
            data-testid="connection-failed"
            data-user-id={userId}
          >
            Could not connect to {name}. Your network and theirs cannot reach each other directly,
            and the meeting&apos;s relay server (TURN) did not answer. The call keeps trying; if
            this stays, ask whoever runs this server to check its TURN service, or try another
            network.
          </div>
        );
      })}
    </div>
  );
}

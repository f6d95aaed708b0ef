// The bottom bar: media toggles, hand, panels, invite link, leave and end-for-all.

import { useState } from 'react';
import { meetingUrl } from '../../core/router';
import { useCall } from '../../hooks/use_call';
import { useCallState } from '../../hooks/use_call_state';
import { useChat } from '../../hooks/use_chat';
import { useMediaToggle, type ToggleKind } from '../../hooks/use_media_toggle';
import { useRoster } from '../../hooks/use_roster';
import type { Alerts } from '../../core/alerts';
import { CopyButton } from '../copy_button';
import { Icon, type IconName } from '../icon';
import { ReactionTray } from './reaction_tray';
import { RecordButton } from './record_button';
import { RoomSettings } from './room_settings';
import type { Layout } from './video_grid';

export type Panel = 'chat' | 'people' | 'diagnostics' | null;

const TOGGLES: Record<
  ToggleKind,
  { on: IconName; off: IconName; onLabel: string; offLabel: string; danger: boolean }
> = {
  audio: { on: 'mic', off: 'micOff', onLabel: 'Mute (M)', offLabel: 'Unmute (M)', danger: true },
  video: {
    on: 'cam',
    off: 'camOff',
    onLabel: 'Stop video (V)',
    offLabel: 'Start video (V)',
    danger: true,
  },
  screen: {
    on: 'screen',
    off: 'screen',
    onLabel: 'Stop presenting',
    offLabel: 'Share screen',
    danger: false,
  },
  hand: { on: 'hand', off: 'hand', onLabel: 'Lower hand', offLabel: 'Raise hand', danger: false },
};

function ToggleButton({ kind }: { kind: ToggleKind }) {
  const toggle = useMediaToggle(kind);
  const look = TOGGLES[kind];
  const label = toggle.on ? look.onLabel : look.offLabel;
  const state = look.danger ? (toggle.on ? '' : 'off') : toggle.on ? 'active' : '';
  return (
    <button
      type="button"
      className={`control ${state}`}
      title={label}
      aria-label={label}
      {...toggle.buttonProps}
    >
      <Icon name={toggle.on ? look.on : look.off} />
      <span className="control-label">{label.replace(/ \(.\)$/, '')}</span>
    </button>
  );
}

export interface BarProps {
  panel: Panel;
  onPanel: (panel: Panel) => void;
  layout: Layout;
  onLayout: (layout: Layout) => void;
  alerts: Alerts;
  hideSelf: boolean;
  onHideSelf: (hide: boolean) => void;
}

export function ControlBar({
  panel,
  onPanel,
  layout,
  onLayout,
  alerts,
  hideSelf,
  onHideSelf,
}: BarProps) {
  const call = useCall();
  const { meeting } = useCallState();
  const { unread } = useChat();
  const { participants } = useRoster();
  const [confirming, setConfirming] = useState(false);
  const togglePanel = (which: Exclude<Panel, null>) => onPanel(panel === which ? null : which);
  return (
    <nav className="control-bar" aria-label="Meeting controls">
      <div className="control-group">
        <ToggleButton kind="audio" />
        <ToggleButton kind="video" />
        <ToggleButton kind="screen" />
        <ToggleButton kind="hand" />
        <ReactionTray />
      </div>
      <div className="control-group">
        <button
          type="button"
          className={`control ${panel === 'chat' ? 'active' : ''}`}
          data-testid="toggle-chat"
          aria-pressed={panel === 'chat'}
          onClick={() => togglePanel('chat')}
          title="Chat"
        >
          <Icon name="chat" />
          <span className="control-label">Chat</span>
          {unread > 0 && (
            <span className="count" data-testid="unread-count">
              {unread}
            </span>
          )}
        </button>
        <button
          type="button"
          className={`control ${panel === 'people' ? 'active' : ''}`}
          data-testid="toggle-participants"
          aria-pressed={panel === 'people'}
          onClick={() => togglePanel('people')}
          title="People"
        >
          <Icon name="people" />
          <span className="control-label">People</span>
          <span className="count neutral">{participants.length}</span>
        </button>
        <button
          type="button"
          className={`control ${panel === 'diagnostics' ? 'active' : ''}`}
          data-testid="toggle-diagnostics"
          aria-pressed={panel === 'diagnostics'}
          onClick={() => togglePanel('diagnostics')}
          title="Call quality"
        >
          <Icon name="signal" />
          <span className="control-label">Quality</span>
        </button>
        <button
          type="button"
          className="control"
          data-testid="layout-toggle"
          data-layout={layout}
          onClick={() => onLayout(layout === 'grid' ? 'speaker' : 'grid')}
          title={layout === 'grid' ? 'Speaker view' : 'Grid view'}
        >
          <Icon name={layout === 'grid' ? 'speaker' : 'grid'} />
          <span className="control-label">{layout === 'grid' ? 'Speaker view' : 'Grid view'}</span>
        </button>
        <RoomSettings alerts={alerts} hideSelf={hideSelf} onHideSelf={onHideSelf} />
        <CopyButton
          className="control"
          labelClassName="control-label"
          text={meetingUrl(meeting.meetingId)}
          label="Copy link"
          data-testid="copy-link"
        />
      </div>
      <div className="control-group">
        <RecordButton />
        {call.isHost && (
          <div className="end-wrap">
            <button
              type="button"
              className="control danger-outline"
              data-testid="end-meeting-button"
              onClick={() => setConfirming(!confirming)}
              title="End meeting for everyone"
            >
              <Icon name="end" />
              <span className="control-label">End for all</span>
            </button>
            {confirming && (
              <div className="popover" role="dialog" aria-label="End meeting">
                <p>End the meeting for everyone?</p>
                <div className="row">
                  <button
                    type="button"
                    className="secondary small"
                    onClick={() => setConfirming(false)}
                  >
                    Cancel
                  </button>
                  <button
                    type="button"
                    className="danger small"
                    data-testid="confirm-end-meeting"
                    onClick={() => void call.endForEveryone().catch(() => setConfirming(false))}
                  >
                    End meeting
                  </button>
                </div>
              </div>
            )}
          </div>
        )}
        <button
          type="button"
          className="control danger"
          data-testid="leave-button"
          onClick={() => void call.leave()}
          title="Leave"
        >
          <Icon name="leave" />
          <span className="control-label">Leave</span>
        </button>
      </div>
    </nav>
  );
}

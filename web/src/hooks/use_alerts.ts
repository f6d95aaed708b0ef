// Wires a call's roster and chat into Alerts (sounds, notifications, aria-live text) for as
// long as the room is shown; returns the Alerts so the room can render its live text and
// settings.

import { useEffect, useState } from 'react';
import { Alerts, chatAnnouncements, rosterAnnouncements } from '../core/alerts';
import { useCall } from './use_call';

export function useAlerts(): Alerts {
  const call = useCall();
  const [alerts] = useState(() => new Alerts());
  useEffect(() => {
    let roster = call.roster.get();
    let messages = call.chat.get().messages;
    // The first roster after joining is everyone already there: not news.
    let settled = call.state.get().phase === 'in-room';
    const hidden = () => document.visibilityState === 'hidden';
    const offRoster = call.roster.subscribe(() => {
      const next = call.roster.get();
      const self = call.state.get().selfSocketId;
      if (settled) alerts.announce(rosterAnnouncements(roster, next, self), hidden());
      settled = call.state.get().phase === 'in-room';
      roster = next;
    });
    const offChat = call.chat.subscribe(() => {
      const next = call.chat.get().messages;
      if (next.length - messages.length === 1)
        alerts.announce(chatAnnouncements(messages, next, call.user.id), hidden());
      messages = next;
    });
    return () => {
      offRoster();
      offChat();
      alerts.dispose();
    };
  }, [call, alerts]);
  return alerts;
}

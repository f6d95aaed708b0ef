// Chat: messages oldest first (history plus live), and a box to send.

import { useEffect, useRef, useState, type FormEvent } from 'react';
import { describeError } from '../../core/errors';
import { useCall } from '../../hooks/use_call';
import { useChat } from '../../hooks/use_chat';
import { Icon } from '../icon';

export function ChatPanel({ open, onClose }: { open: boolean; onClose: () => void }) {
  const call = useCall();
  const { messages, send } = useChat();
  const [draft, setDraft] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const text = draft.trim();
    if (!text) return;
    setDraft('');
    setError(null);
    send(text).catch((caught: unknown) => {
      setDraft(text);
      setError(describeError(caught));
    });
  };
  const listRef = useRef<HTMLOListElement>(null);
  useEffect(() => {
    const list = listRef.current;
    if (list) list.scrollTop = list.scrollHeight;
  }, [messages.length, open]);
  return (
    <aside className="side-panel" hidden={!open} aria-label="Chat">
      <header>
        <h2>Chat</h2>
        <button type="button" className="ghost icon" onClick={onClose} aria-label="Close chat">
          <Icon name="close" />
        </button>
      </header>
      <ol className="messages" ref={listRef}>
        {messages.length === 0 && (
          <li className="muted small empty">No messages yet. Say hello!</li>
        )}
        {messages.map((m) => (
          <li
            key={m.id}
            data-testid="chat-message"
            className={m.userId === call.user.id ? 'mine' : ''}
          >
            <div className="message-meta">
              <strong>{m.userId === call.user.id ? 'You' : m.username}</strong>
              <time dateTime={m.sentAt}>{formatTime(m.sentAt)}</time>
            </div>
            <p>{m.text}</p>
          </li>
        ))}
      </ol>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <form className="chat-form" onSubmit={submit}>
        <input
          data-testid="chat-input"
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
          placeholder="Message everyone"
          maxLength={4000}
          aria-label="Message"
        />
        <button
          className="primary icon"
          data-testid="chat-send"
          aria-label="Send"
          disabled={!draft.trim()}
        >
          <Icon name="send" size={18} />
        </button>
      </form>
    </aside>
  );
}

function formatTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime())
    ? ''
    : date.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
}

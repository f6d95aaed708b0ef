// `/`: sign in / register / guest when signed out; create, join and history when signed in.

import { useState, type FormEvent } from 'react';
import { ParleyError } from '../core/errors';
import { meetingUrl, navigate, parseMeetingRef } from '../core/router';
import type { Meeting, User } from '../core/types';
import { AuthPanel } from '../components/auth_panel';
import { initials } from '../components/avatar';
import { CopyButton } from '../components/copy_button';
import { ErrorMessage } from '../components/error_message';
import { MeetingHistory } from '../components/meeting_history';
import { Spinner } from '../components/spinner';
import { TopBar } from '../components/top_bar';
import { useAsyncAction } from '../hooks/use_async_action';
import { useMeetingHistory } from '../hooks/use_meeting_history';
import { useSession } from '../hooks/use_session';

export function HomePage() {
  const { state } = useSession();
  if (state.status === 'loading') return <Spinner label="Loading…" />;
  return (
    <div className="page">
      <TopBar>{state.status === 'signed-in' && <Account user={state.user} />}</TopBar>
      <main className="home">
        {state.status === 'signed-in' ? <Dashboard user={state.user} /> : <SignedOut />}
      </main>
    </div>
  );
}

function SignedOut() {
  return (
    <>
      <div className="hero">
        <h1>Meet face to face, on your own server.</h1>
        <p className="muted">Video meetings for up to eight people, right in the browser.</p>
      </div>
      <AuthPanel />
    </>
  );
}

function Account({ user }: { user: User }) {
  const { session } = useSession();
  return (
    <div className="account">
      <span className="avatar small" aria-hidden="true">
        {initials(user.username)}
      </span>
      <span data-testid="signed-in-user">{user.username}</span>
      {user.guest && <span className="badge">Guest</span>}
      <button
        type="button"
        className="ghost"
        data-testid="sign-out-button"
        onClick={() => void session.signOut()}
      >
        Sign out
      </button>
    </div>
  );
}

function Dashboard({ user }: { user: User }) {
  const { session } = useSession();
  const [created, setCreated] = useState<Meeting | null>(null);
  const [joinError, setJoinError] = useState<ParleyError | null>(null);
  const history = useMeetingHistory(created?.meetingId ?? '');
  const create = useAsyncAction(async (title: string, password: string) => {
    setCreated(
      await session.api.createMeeting({
        ...(title ? { title } : {}),
        ...(password ? { password } : {}),
      }),
    );
  });
  const submitCreate = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    void create.run(String(form.get('title')).trim(), String(form.get('password')));
  };
  const submitJoin = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const id = parseMeetingRef(String(new FormData(event.currentTarget).get('meeting')));
    if (!id)
      return setJoinError(
        new ParleyError(
          'invalid_field',
          'Enter a meeting ID like abcd-efgh-jkmn or paste an invite link.',
        ),
      );
    navigate(`/m/${id}`);
  };
  return (
    <>
      <div className="hero">
        <h1>Hello, {user.username}.</h1>
        <p className="muted">
          Start a meeting and share the link, or join one you were invited to.
        </p>
      </div>
      <div className="home-grid">
        <section className="card">
          <form className="stack" onSubmit={submitCreate}>
            <h2>New meeting</h2>
            <label className="field">
              <span>
                Title <small className="muted">(optional)</small>
              </span>
              <input name="title" maxLength={200} placeholder="Weekly sync" />
            </label>
            <label className="field">
              <span>
                Password <small className="muted">(optional, at least 4 characters)</small>
              </span>
              <input name="password" type="password" autoComplete="new-password" minLength={4} />
            </label>
            <button
              className="primary"
              data-testid="create-meeting-button"
              disabled={create.pending}
            >
              {create.pending ? 'Creating…' : 'Create meeting'}
            </button>
          </form>
          {created && (
            <div className="created">
              <p className="muted small">Share this link with the people you want to meet:</p>
              <p className="meeting-link" data-testid="meeting-link">
                {meetingUrl(created.meetingId)}
              </p>
              <div className="row">
                <CopyButton text={meetingUrl(created.meetingId)} label="Copy link" />
                <button
                  type="button"
                  className="primary"
                  onClick={() => navigate(`/m/${created.meetingId}`)}
                >
                  Join now
                </button>
              </div>
            </div>
          )}
        </section>
        <section className="card">
          <form className="stack" onSubmit={submitJoin}>
            <h2>Join a meeting</h2>
            <label className="field">
              <span>Meeting ID or link</span>
              <input
                name="meeting"
                data-testid="join-id-input"
                placeholder="abcd-efgh-jkmn"
                required
                onChange={() => setJoinError(null)}
              />
            </label>
            <button className="secondary" data-testid="join-by-id-button">
              Join
            </button>
          </form>
        </section>
      </div>
      <ErrorMessage error={create.error ?? joinError} />
      <MeetingHistory meetings={history.meetings} error={history.error} selfId={user.id} />
    </>
  );
}

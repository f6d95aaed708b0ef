// `/settings`: the signed-in user's account — display name, password, deletion (docs/web.md
// "Settings"; docs/api.md "Account settings").

import { useState, type FormEvent } from 'react';
import { navigate } from '../core/router';
import type { User } from '../core/types';
import { ErrorMessage } from '../components/error_message';
import { Link } from '../components/link';
import { Spinner } from '../components/spinner';
import { TopBar } from '../components/top_bar';
import { useAsyncAction } from '../hooks/use_async_action';
import { useSession } from '../hooks/use_session';

export function SettingsPage() {
  const { state } = useSession();
  if (state.status === 'loading') return <Spinner label="Loading…" />;
  return (
    <div className="page">
      <TopBar />
      <main className="home settings" data-testid="settings">
        <h1>Settings</h1>
        {state.status === 'signed-in' ? (
          <>
            <NameForm user={state.user} />
            {!state.user.guest && <PasswordForm />}
            <DeleteAccount />
          </>
        ) : (
          <p>
            <Link href="/">Sign in</Link> to change your account.
          </p>
        )}
      </main>
    </div>
  );
}

function NameForm({ user }: { user: User }) {
  const { session } = useSession();
  const [saved, setSaved] = useState(false);
  const rename = useAsyncAction(async (name: string) => {
    setSaved(false);
    await session.rename(name);
    setSaved(true);
  });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    void rename.run(String(new FormData(event.currentTarget).get('name')).trim());
  };
  return (
    <section className="card">
      <form className="stack" onSubmit={submit}>
        <h2>Display name</h2>
        <p className="muted small">
          {user.guest
            ? 'The name others see in meetings.'
            : 'The name others see in meetings; you also sign in with it.'}
        </p>
        <label className="field">
          <span>Name</span>
          <input
            name="name"
            data-testid="settings-name-input"
            defaultValue={user.username}
            required
            maxLength={64}
          />
        </label>
        <button className="primary" data-testid="settings-name-save" disabled={rename.pending}>
          Save name
        </button>
        {saved && (
          <p className="muted small" role="status" data-testid="settings-saved">
            Saved.
          </p>
        )}
        <ErrorMessage error={rename.error} />
      </form>
    </section>
  );
}

function PasswordForm() {
  const { session } = useSession();
  const [done, setDone] = useState(false);
  const change = useAsyncAction(async (oldPassword: string, newPassword: string) => {
    setDone(false);
    await session.changePassword(oldPassword, newPassword);
    setDone(true);
  });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    void change.run(String(data.get('old')), String(data.get('new'))).then(() => form.reset());
  };
  return (
    <section className="card">
      <form className="stack" onSubmit={submit}>
        <h2>Password</h2>
        <p className="muted small">
          Changing it signs you out everywhere else (other browsers and devices).
        </p>
        <label className="field">
          <span>Current password</span>
          <input
            name="old"
            type="password"
            data-testid="old-password-input"
            autoComplete="current-password"
            required
          />
        </label>
        <label className="field">
          <span>New password (at least 8 characters)</span>
          <input
            name="new"
            type="password"
            data-testid="new-password-input"
            autoComplete="new-password"
            minLength={8}
            required
          />
        </label>
        <button className="primary" data-testid="change-password-button" disabled={change.pending}>
          Change password
        </button>
        {done && (
          <p className="muted small" role="status" data-testid="password-changed">
            Password changed. Other sessions were signed out.
          </p>
        )}
        <ErrorMessage error={change.error} />
      </form>
    </section>
  );
}

function DeleteAccount() {
  const { session } = useSession();
  const [confirming, setConfirming] = useState(false);
  const remove = useAsyncAction(async () => {
    await session.deleteAccount();
    navigate('/', { replace: true });
  });
  return (
    <section className="card danger-zone">
      <h2>Delete account</h2>
      <p className="muted small">
        Your sign-in and your name go away; what you wrote in meetings stays, shown as “deleted
        user”. Meetings you host and that are still running end now.
      </p>
      {confirming ? (
        <div className="row">
          <button
            type="button"
            className="danger"
            data-testid="confirm-delete-account"
            disabled={remove.pending}
            onClick={() => void remove.run()}
          >
            Yes, delete my account
          </button>
          <button type="button" className="ghost" onClick={() => setConfirming(false)}>
            Cancel
          </button>
        </div>
      ) : (
        <button
          type="button"
          className="danger"
          data-testid="delete-account-button"
          onClick={() => setConfirming(true)}
        >
          Delete account…
        </button>
      )}
      <ErrorMessage error={remove.error} />
    </section>
  );
}

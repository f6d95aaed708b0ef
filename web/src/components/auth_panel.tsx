// Signed-out home: sign in or register (one at a time), or continue as a guest.

import { useState, type FormEvent } from 'react';
import { useAsyncAction } from '../hooks/use_async_action';
import { useSession } from '../hooks/use_session';
import { ErrorMessage } from './error_message';

type Mode = 'sign-in' | 'register';

export function AuthPanel() {
  const [mode, setMode] = useState<Mode>('sign-in');
  return (
    <div className="auth-grid">
      <section className="card">
        {mode === 'sign-in' ? <SignInForm /> : <RegisterForm />}
        <p className="switch-line">
          {mode === 'sign-in' ? (
            <>
              New to Parley?{' '}
              <button
                type="button"
                className="link-button"
                data-testid="show-register"
                onClick={() => setMode('register')}
              >
                Create an account
              </button>
            </>
          ) : (
            <>
              Already have an account?{' '}
              <button
                type="button"
                className="link-button"
                data-testid="show-sign-in"
                onClick={() => setMode('sign-in')}
              >
                Sign in
              </button>
            </>
          )}
        </p>
      </section>
      <section className="card">
        <GuestForm />
      </section>
    </div>
  );
}

function SignInForm() {
  const { session } = useSession();
  const action = useAsyncAction((login: string, password: string) =>
    session.signIn(login, password),
  );
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    void action.run(String(form.get('login')), String(form.get('password')));
  };
  return (
    <form data-testid="sign-in-form" onSubmit={submit} className="stack">
      <h2>Sign in</h2>
      <label className="field">
        <span>Username or email</span>
        <input name="login" data-testid="login-input" autoComplete="username" required />
      </label>
      <label className="field">
        <span>Password</span>
        <input
          name="password"
          type="password"
          data-testid="password-input"
          autoComplete="current-password"
          required
        />
      </label>
      <ErrorMessage error={action.error} />
      <button className="primary" data-testid="sign-in-button" disabled={action.pending}>
        {action.pending ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  );
}

function RegisterForm() {
  const { session } = useSession();
  const action = useAsyncAction((username: string, email: string, password: string) =>
    session.register(username, email, password),
  );
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    void action.run(
      String(form.get('username')),
      String(form.get('email')),
      String(form.get('password')),
    );
  };
  return (
    <form data-testid="register-form" onSubmit={submit} className="stack">
      <h2>Create an account</h2>
      <label className="field">
        <span>Username</span>
        <input
          name="username"
          data-testid="username-input"
          autoComplete="username"
          required
          minLength={3}
          maxLength={32}
          pattern="[A-Za-z0-9_.\-]+"
          title="3–32 letters, digits, dots, dashes or underscores"
        />
      </label>
      <label className="field">
        <span>Email</span>
        <input name="email" type="email" data-testid="email-input" autoComplete="email" required />
      </label>
      <label className="field">
        <span>Password</span>
        <input
          name="password"
          type="password"
          data-testid="password-input"
          autoComplete="new-password"
          required
          minLength={8}
        />
        <small className="muted">At least 8 characters.</small>
      </label>
      <ErrorMessage error={action.error} />
      <button className="primary" data-testid="register-button" disabled={action.pending}>
        {action.pending ? 'Creating account…' : 'Create account'}
      </button>
    </form>
  );
}

function GuestForm() {
  const { session } = useSession();
  const action = useAsyncAction((name: string) => session.continueAsGuest(name));
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    void action.run(String(new FormData(event.currentTarget).get('displayName')).trim());
  };
  return (
    <form onSubmit={submit} className="stack">
      <h2>Just joining?</h2>
      <p className="muted">Continue as a guest: no account, just a name others will see.</p>
      <label className="field">
        <span>Your name</span>
        <input
          name="displayName"
          data-testid="display-name-input"
          autoComplete="name"
          required
          maxLength={64}
        />
      </label>
      <ErrorMessage error={action.error} />
      <button className="secondary" data-testid="guest-button" disabled={action.pending}>
        Continue as guest
      </button>
    </form>
  );
}

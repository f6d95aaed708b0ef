// The signed-in identity, kept in localStorage so it survives reloads.

import { ApiClient } from './api_client';
import { ParleyError } from './errors';
import { Store, type Readable } from './observable';
import type { AuthResult, User } from './types';

export type SessionState =
  | { status: 'loading' }
  | { status: 'signed-out' }
  | { status: 'signed-in'; user: User; token: string };

const STORAGE_KEY = 'parley.session';

/** Owns the token: persists it, validates it on start, drops it when the server rejects it. */
export class Session implements Readable<SessionState> {
  readonly api: ApiClient;
  private readonly state: Store<SessionState>;

  /** `baseUrl`: where the API lives ('' = the page's own origin; tests use a loopback server). */
  constructor(
    private readonly storage: Storage | null = safeLocalStorage(),
    baseUrl = '',
  ) {
    const saved = this.load();
    this.state = new Store<SessionState>(saved ? { status: 'loading' } : { status: 'signed-out' });
    this.api = new ApiClient({
      baseUrl,
      token: () => this.token(),
      onUnauthorized: () => this.clear(),
    });
    if (saved) void this.validate(saved);
  }

  get = (): SessionState => this.state.get();
  subscribe = (listener: () => void): (() => void) => this.state.subscribe(listener);

  token(): string | null {
    const current = this.state.get();
    if (current.status === 'signed-in') return current.token;
    return this.load()?.token ?? null;
  }

  async signIn(login: string, password: string): Promise<User> {
    return this.adopt(await this.api.signIn(login, password));
  }

  async register(username: string, email: string, password: string): Promise<User> {
    return this.adopt(await this.api.register(username, email, password));
  }

  async continueAsGuest(displayName: string): Promise<User> {
    return this.adopt(await this.api.guest(displayName));
  }

  async signOut(): Promise<void> {
    try {
      await this.api.signOut();
    } catch {
      // The token is dropped locally whatever the server said.
    }
    this.clear();
  }

  /** PATCH /api/me, then the stored identity shows the new name. */
  async rename(displayName: string): Promise<User> {
    const user = await this.api.updateMe(displayName);
    const token = this.token();
    if (token) this.adopt({ user, token });
    return user;
  }

  changePassword(oldPassword: string, newPassword: string): Promise<void> {
    return this.api.changePassword(oldPassword, newPassword);
  }

  /** DELETE /api/me; the session ends with the account. */
  async deleteAccount(): Promise<void> {
    await this.api.deleteAccount();
    this.clear();
  }

  private adopt(result: AuthResult): User {
    this.storage?.setItem(STORAGE_KEY, JSON.stringify(result));
    this.state.set({ status: 'signed-in', user: result.user, token: result.token });
    return result.user;
  }

  private async validate(saved: AuthResult): Promise<void> {
    try {
      const user = await this.api.me();
      this.adopt({ user, token: saved.token });
    } catch (error) {
      // Offline or server restarting: keep the saved identity rather than signing out.
      if (error instanceof ParleyError && error.code === 'unauthorized') return this.clear();
      this.state.set({ status: 'signed-in', user: saved.user, token: saved.token });
    }
  }

  private clear(): void {
    this.storage?.removeItem(STORAGE_KEY);
    this.state.set({ status: 'signed-out' });
  }

  private load(): AuthResult | null {
    try {
      const raw = this.storage?.getItem(STORAGE_KEY);
      const parsed = raw ? (JSON.parse(raw) as AuthResult) : null;
      return parsed && typeof parsed.token === 'string' && parsed.user ? parsed : null;
    } catch {
      return null;
    }
  }
}

function safeLocalStorage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

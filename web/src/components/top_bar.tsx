// The page header: the brand, links to the other pages, and whatever the page adds (the
// account on the home page). Wraps on a phone-sized screen.

import type { ReactNode } from 'react';
import { Brand } from './brand';
import { Link } from './link';

export function TopBar({ children }: { children?: ReactNode }) {
  return (
    <header className="topbar">
      <Brand />
      <nav className="nav-links" aria-label="Pages">
        <Link href="/" data-testid="nav-home">
          Meetings
        </Link>
        <Link href="/check" data-testid="nav-check">
          Check devices
        </Link>
        <Link href="/settings" data-testid="nav-settings">
          Settings
        </Link>
      </nav>
      {children}
    </header>
  );
}

// The current route and query string.

import { location, matchRoute, type Route } from '../core/router';
import { useReadable } from './use_readable';

export function useRoute(): { route: Route; search: URLSearchParams } {
  const current = useReadable(location);
  return { route: matchRoute(current.path), search: current.search };
}

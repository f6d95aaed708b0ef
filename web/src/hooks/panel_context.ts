// Lets anything in the room open a side panel (the tile's quality badge opens diagnostics).
// Throws outside the room's provider.

import { createContext, useContext } from 'react';
import type { Panel } from '../components/room/control_bar';

export const PanelContext = createContext<((panel: Panel) => void) | null>(null);

export function useOpenPanel(): (panel: Panel) => void {
  const open = useContext(PanelContext);
  if (!open) throw new Error('useOpenPanel must be used inside PanelContext.Provider');
  return open;
}

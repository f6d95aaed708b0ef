// Inline SVG icons (stroke style, 24px grid), so no icon font or request is needed.

const PATHS = {
  mic: 'M12 3a3 3 0 0 1 3 3v6a3 3 0 0 1-6 0V6a3 3 0 0 1 3-3zM5 11a7 7 0 0 0 14 0M12 18v3',
  micOff:
    'M3 3l18 18M9 9v3a3 3 0 0 0 5.1 2.1M15 9.3V6a3 3 0 0 0-5.7-1.3M5 11a7 7 0 0 0 11.5 5.4M19 11a7 7 0 0 1-.7 3M12 18v3',
  cam: 'M3 7h12v10H3zM15 10l6-3v10l-6-3',
  camOff: 'M3 3l18 18M9.5 7H15v5.5M15 10l6-3v10l-4.5-2.2M3 7v10h12',
  screen: 'M3 4h18v12H3zM8 20h8M12 16v4',
  hand: 'M8 13V5.5a1.5 1.5 0 0 1 3 0V11M11 10.5V4a1.5 1.5 0 0 1 3 0v6.5M14 10.5V5.5a1.5 1.5 0 0 1 3 0V14a7 7 0 0 1-7 7h-.5a6 6 0 0 1-4.6-2.2L3 15.5a1.5 1.5 0 0 1 2.3-2L8 16',
  chat: 'M4 5h16v11H9l-5 4z',
  people:
    'M9 11a4 4 0 1 0 0-8 4 4 0 0 0 0 8zM2 21a7 7 0 0 1 14 0M16 3.5a4 4 0 0 1 0 7.5M18 14a6 6 0 0 1 4 7',
  link: 'M10 14a4 4 0 0 0 5.7 0l3-3a4 4 0 0 0-5.7-5.7l-1 1M14 10a4 4 0 0 0-5.7 0l-3 3a4 4 0 0 0 5.7 5.7l1-1',
  leave: 'M15 4h4v16h-4M10 8l-4 4 4 4M6 12h10',
  end: 'M3 3l18 18M12 2a10 10 0 1 0 0 20 10 10 0 0 0 0-20z',
  close: 'M6 6l12 12M18 6L6 18',
  signal: 'M4 20v-3M9 20v-7M14 20V9M19 20V4',
  send: 'M4 12l16-8-6 16-2-7z',
  copy: 'M8 8h12v12H8zM4 16V4h12',
  check: 'M5 12l5 5 9-10',
  more: 'M12 5h.01M12 12h.01M12 19h.01',
  smile: 'M12 2a10 10 0 1 0 0 20 10 10 0 0 0 0-20zM8 14a5 5 0 0 0 8 0M9 9h.01M15 9h.01',
  grid: 'M3 3h8v8H3zM13 3h8v8h-8zM3 13h8v8H3zM13 13h8v8h-8z',
  speaker: 'M3 3h18v12H3zM5 17h4v4H5zM10 17h4v4h-4zM15 17h4v4h-4z',
  pin: 'M9 3h6l-1 6 4 4H6l4-4zM12 13v8',
  expand: 'M4 9V4h5M20 9V4h-5M4 15v5h5M20 15v5h-5',
  gear: 'M12 8a4 4 0 1 0 0 8 4 4 0 0 0 0-8zM12 2v3M12 19v3M2 12h3M19 12h3M4.9 4.9l2.1 2.1M17 17l2.1 2.1M4.9 19.1L7 17M17 7l2.1-2.1',
  lock: 'M6 11h12v10H6zM8 11V7a4 4 0 0 1 8 0v4',
  record: 'M12 2a10 10 0 1 0 0 20 10 10 0 0 0 0-20zM12 8a4 4 0 1 0 0 8 4 4 0 0 0 0-8z',
  logo: 'M4 7a3 3 0 0 1 3-3h10a3 3 0 0 1 3 3v7a3 3 0 0 1-3 3h-6l-5 4v-4a2 2 0 0 1-2-2z',
} as const;

export type IconName = keyof typeof PATHS;

export function Icon({ name, size = 20 }: { name: IconName; size?: number }) {
  return (
    <svg
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={2}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
    >
      <path d={PATHS[name]} />
    </svg>
  );
}

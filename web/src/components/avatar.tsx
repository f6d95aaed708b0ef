// Initials on a colour derived from the name, for camera-off tiles and lists.

export function initials(name: string): string {
  const parts = name
    .trim()
    .split(/[\s._-]+/)
    .filter(Boolean);
  const letters = parts.length > 1 ? parts[0]![0]! + parts[1]![0]! : (parts[0] ?? '?').slice(0, 2);
  return letters.toUpperCase();
}

function hue(name: string): number {
  let h = 0;
  for (const ch of name) h = (h * 31 + ch.charCodeAt(0)) % 360;
  return h;
}

export function Avatar({
  name,
  size = 'medium',
}: {
  name: string;
  size?: 'small' | 'medium' | 'large';
}) {
  return (
    <span
      className={`avatar ${size}`}
      style={{ background: `hsl(${hue(name)} 45% 38%)` }}
      aria-hidden="true"
    >
      {initials(name)}
    </span>
  );
}

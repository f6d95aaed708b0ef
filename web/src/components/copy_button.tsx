// Copies text to the clipboard and confirms for a moment.

import { useEffect, useState, type ButtonHTMLAttributes } from 'react';
import { Icon } from './icon';

export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // Clipboard API needs a secure context and permission; fall back to a selection copy.
    const area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.style.position = 'fixed';
    area.style.opacity = '0';
    document.body.append(area);
    area.select();
    const ok = document.execCommand('copy');
    area.remove();
    return ok;
  }
}

export function CopyButton({
  text,
  label,
  className,
  labelClassName,
  ...rest
}: {
  text: string;
  label: string;
  labelClassName?: string;
} & ButtonHTMLAttributes<HTMLButtonElement>) {
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    if (!copied) return;
    const timer = setTimeout(() => setCopied(false), 2000);
    return () => clearTimeout(timer);
  }, [copied]);
  return (
    <button
      type="button"
      className={className ?? 'secondary'}
      onClick={() => void copyText(text).then(setCopied)}
      aria-live="polite"
      title={label}
      {...rest}
    >
      <Icon name={copied ? 'check' : 'link'} size={18} />
      <span className={labelClassName}>{copied ? 'Copied' : label}</span>
    </button>
  );
}

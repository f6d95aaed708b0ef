import { Icon } from './icon';
import { Link } from './link';

export function Brand() {
  return (
    <Link className="brand" href="/" aria-label="Parley home">
      <span className="brand-mark">
        <Icon name="logo" size={18} />
      </span>
      <span>Parley</span>
    </Link>
  );
}

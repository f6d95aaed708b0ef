import { createRoot } from 'react-dom/client';
import { App } from './app';
import { debugMark } from './core/debug_log';
import './styles.css';

debugMark('app');
createRoot(document.getElementById('root')!).render(<App />);

import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/provider';
import { activateLocale, detectLocale } from './lib/i18n';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
// The first paint is already in the user's language: its catalogue (one small chunk) loads before React.
await activateLocale(detectLocale());
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

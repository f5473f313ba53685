// First, before any module parses anything.
import './no-eval';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '@greenlight/react/styles.css';
import { App } from './app';
import { boot } from './boot';
import './styles.css';

// The session and the page's data and code are on their way before React renders the first frame.
const start = boot();

createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <App boot={start} />
  </StrictMode>,
);

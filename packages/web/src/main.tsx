// First, before any module builds a zod schema: zod never tries `new Function`, which the server's
// Content-Security-Policy (no 'unsafe-eval') forbids, and merely trying reports a violation on every page.
import '@greenlight/sdk/jitless';
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

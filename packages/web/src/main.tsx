// First, before any module parses anything.
import './no-eval';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '@greenlight/react/styles.css';
import { App } from './app';
import './styles.css';

createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

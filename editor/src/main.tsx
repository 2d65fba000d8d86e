// First: sets zod up for the CSP before any module parses with it.
import './csp';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '@xyflow/react/dist/style.css';
// The theme and the app shell; each component folder imports its own styles.
import './styles/theme.css';
import './styles/controls.css';
import './styles/layout.css';
import { App } from './App';
import { AuthGate } from './auth/AuthGate';
import { exposeTestHooks } from './app/test-hooks';

// window.__coinlab drives the stores directly: for end-to-end tests and benchmarks only. The
// flag is a build-time constant (vite.config.ts): false in a production build, where this call
// and the hooks module are cut from the bundle.
if (__COINLAB_TEST_HOOKS__) exposeTestHooks();
const root = document.getElementById('root');
if (!root) throw new Error('no #root element');
createRoot(root).render(
  <StrictMode>
    <AuthGate>
      <App />
    </AuthGate>
  </StrictMode>,
);

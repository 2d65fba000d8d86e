import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

// In development the editor runs on Vite's server and forwards the API and the live
// stream to a running `coinlab serve` (COINLAB_URL, default http://localhost:4400). In
// production the runtime serves editor/dist itself on the same port, so no proxy is needed.
const target = process.env.COINLAB_URL ?? 'http://localhost:4400';

/**
 * The editor imports the node catalog for metadata and params schemas only; node code runs
 * in the runtime. Node files load their heavy dependencies with dynamic `import()` inside
 * execute(), so those calls are cut from the browser bundle here (after TypeScript is
 * stripped): the bundle stays small and runtime-only modules never reach the browser.
 */
function catalogOnly(): Plugin {
  return {
    name: 'coinlab-catalog-only',
    enforce: 'post',
    transform(code, id) {
      if (!/[\\/]nodes[\\/]src[\\/]/.test(id) || id.includes('node_modules')) return null;
      const out = code.replace(
        /\bimport\(\s*(['"`][^'"`]+['"`])\s*\)/g,
        (_m, spec: string) => `Promise.reject(new Error("node code runs in the coinlab runtime, not in the editor: " + ${spec}))`,
      );
      return out === code ? null : { code: out, map: null };
    },
  };
}

/**
 * The runtime accepts browser requests only from its own origin (issue 8: any web page could
 * drive it). Requests from the editor page served by this dev server carry the dev server's
 * origin, so the proxy presents them with the runtime's own; requests from any other page
 * keep their Origin and are refused by the runtime as before.
 */
type ProxyLike = { on(event: 'proxyReq' | 'proxyReqWs', fn: (proxyReq: { setHeader(k: string, v: string): void }, req: { headers: Record<string, string | string[] | undefined> }) => void): void };
function sameOriginAsRuntime(proxy: ProxyLike): void {
  const rewrite = (proxyReq: { setHeader(k: string, v: string): void }, req: { headers: Record<string, string | string[] | undefined> }) => {
    const origin = req.headers.origin;
    const host = req.headers.host;
    if (typeof origin === 'string' && typeof host === 'string' && URL.canParse(origin) && new URL(origin).host === host) proxyReq.setHeader('origin', new URL(target).origin);
  };
  proxy.on('proxyReq', rewrite);
  proxy.on('proxyReqWs', rewrite);
}

/**
 * Modes whose bundle carries the test hooks (window.__coinlab, editor/src/app/test-hooks.ts):
 * the dev server and `vite build --mode e2e`, the build the end-to-end tests and the editor
 * benchmark serve (test/e2e/editor-helpers.ts). A plain `vite build` ships without them.
 */
export const TEST_HOOK_MODES = ['development', 'e2e'];

export default defineConfig(({ mode }) => ({
  plugins: [react(), catalogOnly()],
  define: { __COINLAB_TEST_HOOKS__: JSON.stringify(TEST_HOOK_MODES.includes(mode)) },
  server: {
    port: 5173,
    proxy: {
      '/api': { target, changeOrigin: true, configure: (proxy) => sameOriginAsRuntime(proxy as unknown as ProxyLike) },
      '/socket.io': { target, ws: true, changeOrigin: true, configure: (proxy) => sameOriginAsRuntime(proxy as unknown as ProxyLike) },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 2500,
    sourcemap: false,
  },
}));

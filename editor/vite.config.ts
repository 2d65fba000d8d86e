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

export default defineConfig({
  plugins: [react(), catalogOnly()],
  server: {
    port: 5173,
    proxy: {
      '/api': { target, changeOrigin: true },
      '/socket.io': { target, ws: true, changeOrigin: true },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 2500,
    sourcemap: false,
  },
});

/** Build-time constants set by `define` in editor/vite.config.ts. */
declare const __COINLAB_TEST_HOOKS__: boolean;

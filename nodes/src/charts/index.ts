/**
 * Charts for nodes and the editor. Import the pure spec builders from './specs' (no Node
 * imports); `saveChart` and `renderSvg` are server side and load vega on first use.
 */
export * from './specs';
export * from './downsample';
export { renderSvg } from './render';
export { saveChart, VEGA_LITE_CONTENT_TYPE } from './save';

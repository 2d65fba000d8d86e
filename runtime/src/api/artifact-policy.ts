/**
 * How an artifact may be shown in a browser. Artifacts are written by nodes (and through them
 * by models and users' code), so none is trusted as a page of this origin:
 *
 * - every artifact is served with a CSP `sandbox` (an opaque origin: no scripts, no cookies or
 *   storage of the runtime, no API calls as the user) that loads nothing from anywhere;
 * - HTML and SVG reports may be viewed, inside that sandbox only, with their inline styles
 *   and data: images;
 * - text, JSON, CSV, markdown and raster images may be viewed (nosniff keeps them what they say);
 * - anything else (XML, which can carry XHTML scripts, JavaScript, PDFs, binaries, unknown
 *   types) is a download, never rendered.
 */
export interface ArtifactDelivery {
  /** Content-Disposition: attachment. */
  download: boolean;
  /** The Content-Security-Policy to send. */
  csp: string;
}

const SANDBOX = "sandbox; default-src 'none'; frame-ancestors 'none'";
const SANDBOXED_DOCUMENT = "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'";

const VIEWABLE_DOCUMENTS = new Set(['text/html', 'image/svg+xml']);
const VIEWABLE = new Set(['text/plain', 'text/markdown', 'text/csv', 'application/json', 'image/png', 'image/jpeg', 'image/gif', 'image/webp']);

/** The media type of a Content-Type value, lower case, without parameters. */
export const mediaType = (contentType: string): string => contentType.split(';')[0]!.trim().toLowerCase();

export function artifactDelivery(contentType: string, askedDownload: boolean): ArtifactDelivery {
  const type = mediaType(contentType);
  if (VIEWABLE_DOCUMENTS.has(type)) return { download: askedDownload, csp: SANDBOXED_DOCUMENT };
  // JSON flavours (a Vega-Lite spec, application/vnd.vegalite+json) read as JSON.
  const viewable = VIEWABLE.has(type) || /^application\/[\w.-]+\+json$/.test(type);
  return { download: askedDownload || !viewable, csp: SANDBOX };
}

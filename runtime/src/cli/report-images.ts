import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const ARTIFACT_LINK = /(!\[[^\]]*\]\()artifact:([0-9A-Za-z-]+)(\))/g;

/**
 * A markdown report links its charts as `artifact:<id>`, which opens nowhere outside coinlab.
 * Written to a folder, each linked image is saved beside the report and the link made relative,
 * so the report reads the same in any markdown viewer. An image whose content cannot be had is
 * left as it was. Names are kept; a name already taken by other content gets the id in front.
 */
export async function linkReportImages(markdown: string, dir: string, fetchImage: (id: string) => Promise<{ name: string; content: Uint8Array } | undefined>): Promise<string> {
  const ids = [...new Set([...markdown.matchAll(ARTIFACT_LINK)].map((m) => m[2]!))];
  const fileOf = new Map<string, string>();
  for (const id of ids) {
    const img = await fetchImage(id);
    if (!img) continue;
    let name = img.name;
    const target = path.join(dir, name);
    if (existsSync(target) && !readFileSync(target).equals(Buffer.from(img.content))) name = `${id.slice(0, 8)}-${name}`;
    writeFileSync(path.join(dir, name), img.content);
    fileOf.set(id, name);
  }
  return markdown.replace(ARTIFACT_LINK, (whole, open: string, id: string, close: string) => {
    const file = fileOf.get(id);
    return file ? `${open}${encodeURIComponent(file)}${close}` : whole;
  });
}

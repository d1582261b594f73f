import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

/** The page count and each page's text of a PDF (pdfjs-dist, in a node process of its own: it is an ES module). */
export async function pdfText(pdf: Buffer): Promise<{ pages: number; texts: string[] }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'pdf-text-'));
  try {
    const file = path.join(dir, 'file.pdf');
    writeFileSync(file, pdf);
    const { stdout } = await promisify(execFile)(process.execPath, [path.join(__dirname, 'pdf-text.mjs'), file], {
      maxBuffer: 64 * 1024 * 1024,
    });
    return JSON.parse(stdout) as { pages: number; texts: string[] };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

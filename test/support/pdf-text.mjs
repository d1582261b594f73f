// The text of each page of a PDF, with pdfjs-dist (an ES module, hence a script of its own that
// the jest tests run with node: `node test/support/pdf-text.mjs file.pdf` prints {pages, texts}).
import { readFileSync } from 'node:fs';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

const data = new Uint8Array(readFileSync(process.argv[2]));
const doc = await getDocument({ data, useSystemFonts: false, isEvalSupported: false }).promise;
const texts = [];
for (let i = 1; i <= doc.numPages; i++) {
  const content = await (await doc.getPage(i)).getTextContent();
  texts.push(content.items.map((item) => ('str' in item ? item.str : '')).join(''));
}
process.stdout.write(JSON.stringify({ pages: doc.numPages, texts }));
await doc.destroy();

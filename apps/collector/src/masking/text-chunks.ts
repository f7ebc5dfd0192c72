// A file read as text in pieces that end on a line break, so no pattern is cut in two. Bytes are
// read as latin1, one character per byte, so the masked text writes back byte for byte whatever
// the file's encoding. A PEM private key is never split across pieces.
import fs from 'node:fs';

const pieceSize = 1024 * 1024;
const pemOpen = /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/g;

export interface Range {
  start: number;
  end: number;
  /** a tailed file starts mid-line: drop up to the first line break */
  dropFirstLine: boolean;
}

export async function* textPieces(file: string, range: Range): AsyncGenerator<string> {
  if (range.end <= range.start) return;
  const stream = fs.createReadStream(file, { start: range.start, end: range.end - 1, highWaterMark: pieceSize });
  let carry = '';
  let isFirst = range.dropFirstLine;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    let text = carry + chunk.toString('latin1');
    if (isFirst) {
      const newline = text.indexOf('\n');
      if (newline === -1) {
        carry = '';
        continue;
      }
      text = text.slice(newline + 1);
      isFirst = false;
    }
    const cut = safeCut(text);
    if (cut <= 0) {
      carry = text;
      continue;
    }
    carry = text.slice(cut);
    yield text.slice(0, cut);
  }
  if (carry && !isFirst) yield carry;
}

/** Where the piece may end: after its last line break, and before an unfinished private key. */
function safeCut(text: string): number {
  let cut = text.lastIndexOf('\n') + 1;
  // Every key's first line ends so: most pieces hold none, and a plain search is much cheaper.
  if (!text.includes('PRIVATE KEY-----')) return cut;
  pemOpen.lastIndex = 0;
  for (let m = pemOpen.exec(text); m; m = pemOpen.exec(text)) {
    if (m.index >= cut) break;
    const close = text.indexOf('PRIVATE KEY-----', m.index + m[0].length);
    // Unfinished here: wait for more, unless the piece is already far too long for a key.
    if (close === -1 && text.length - m.index < 1024 * 1024) cut = m.index;
  }
  return cut;
}

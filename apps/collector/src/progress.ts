// What the person running the collector sees on stderr: a bar (bytes, files, current product) on a
// terminal, plain lines otherwise, nothing with --quiet. Never a secret: only counts and names of profiles.
import { formatSize } from './units.ts';

export interface Progress {
  line(text: string): void;
  start(totalBytes: number, totalFiles: number): void;
  advance(bytes: number, files: number, product: string): void;
  done(): void;
}

export function createProgress(options: { quiet: boolean; stream?: NodeJS.WriteStream }): Progress {
  const stream = options.stream ?? process.stderr;
  if (options.quiet) return { line: () => {}, start: () => {}, advance: () => {}, done: () => {} };
  if (!stream.isTTY) {
    let lastProduct = '';
    return {
      line: (text) => stream.write(`${text}\n`),
      start: (bytes, files) => stream.write(`collecting ${files} files, ${formatSize(bytes)}\n`),
      advance: (_bytes, _files, product) => {
        if (product !== lastProduct) stream.write(`  ${product}\n`);
        lastProduct = product;
      },
      done: () => {},
    };
  }
  let total = 0;
  let totalFiles = 0;
  let bytes = 0;
  let files = 0;
  let lastDraw = 0;
  const draw = (product: string) => {
    const width = 24;
    const share = total > 0 ? Math.min(1, bytes / total) : 1;
    const filled = Math.round(share * width);
    const text = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${Math.round(share * 100)}% ${formatSize(bytes)}/${formatSize(total)} · ${files}/${totalFiles} files · ${product}`;
    stream.write(`\r${text.slice(0, (stream.columns ?? 80) - 1).padEnd((stream.columns ?? 80) - 1)}`);
  };
  return {
    line: (text) => stream.write(`\r${' '.repeat((stream.columns ?? 80) - 1)}\r${text}\n`),
    start: (b, f) => {
      total = b;
      totalFiles = f;
    },
    advance: (b, f, product) => {
      bytes += b;
      files += f;
      const now = performance.now();
      if (now - lastDraw > 100 || files === totalFiles) {
        lastDraw = now;
        draw(product);
      }
    },
    done: () => stream.write('\n'),
  };
}

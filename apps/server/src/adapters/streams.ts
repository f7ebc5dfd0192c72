import { Readable } from 'node:stream';

/**
 * The bytes already read off a stream (`head`, to look at its first bytes), then the rest of it
 * from its iterator, as one stream again. A reader that stops early, or fails, closes the source.
 */
export function rejoin(head: Buffer, rest: AsyncIterator<Buffer>): Readable {
  return Readable.from(
    (async function* () {
      try {
        if (head.length > 0) yield head;
        for (let next = await rest.next(); !next.done; next = await rest.next()) yield next.value;
      } finally {
        await rest.return?.();
      }
    })(),
  );
}

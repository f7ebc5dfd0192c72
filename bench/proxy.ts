import net from 'node:net';

/**
 * A TCP proxy on loopback that hands each new connection to the next of `targets` in turn (HTTP
 * keep-alive connections stay with the process they first reached), as a load balancer in front
 * of several API processes would.
 */
export async function startRoundRobinProxy(targets: string[]): Promise<{ url: string; close(): Promise<void> }> {
  const upstreams = targets.map((t) => new URL(t));
  let next = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const target = upstreams[next++ % upstreams.length]!;
    const upstream = net.connect(Number(target.port), target.hostname);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

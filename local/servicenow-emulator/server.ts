import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createEmulatorApp, type EmulatorApp, type EmulatorOptions } from './app';

/** A running emulator: its base URL, its handles, and how to stop it. */
export interface RunningEmulator extends Omit<EmulatorApp, 'app'> {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/** Serves the emulator on loopback (`port` 0: any free port). */
export function startEmulator(options: EmulatorOptions & { readonly port?: number }): Promise<RunningEmulator> {
  const { app, ...handles } = createEmulatorApp(options);
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, port: options.port ?? 0, hostname: '127.0.0.1' }, () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        ...handles,
        url: `http://127.0.0.1:${port}`,
        port,
        close: () => new Promise<void>((done) => server.close(() => done())),
      });
    });
    server.once('error', reject);
  });
}

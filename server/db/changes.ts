// Committed changes announced by the database (triggers of migration 0003 → pg_notify('tongchou_changes', topic)),
// heard by every process on it, so what a server keeps in memory is dropped whoever changed the data.
import pg from 'pg';
import type { Database } from './client.ts';

export const CHANGES_CHANNEL = 'tongchou_changes';

/** 'user:<id>' | 'actors' | 'regions' | 'meetings' | 'users' (see the migration). */
export type ChangeTopic = string;

export type ChangeFeed = {
  /** `onState(false)`: changes may be missed from now on; `onState(true)`: heard again (drop what was kept). */
  subscribe(listener: { onChange(topic: ChangeTopic): void; onState(listening: boolean): void }): void;
  isListening(): boolean;
  close(): Promise<void>;
};

export async function openChangeFeed(database: Database, { reconnectMs = 500 } = {}): Promise<ChangeFeed> {
  const listeners: Parameters<ChangeFeed['subscribe']>[0][] = [];
  let listening = false;
  const setState = (up: boolean) => {
    listening = up;
    for (const l of listeners) l.onState(up);
  };
  const onChange = (topic: ChangeTopic) => {
    for (const l of listeners) l.onChange(topic);
  };
  const feed = (stop: () => Promise<void>): ChangeFeed => ({
    subscribe(listener) {
      listeners.push(listener);
      listener.onState(listening);
    },
    isListening: () => listening,
    async close() {
      setState(false);
      await stop();
    },
  });

  const { driver } = database;
  if (driver.kind === 'pglite') {
    // One process owns an embedded database, and PGlite calls back before the writing query resolves.
    const unlisten = await driver.client.listen(CHANGES_CHANNEL, onChange);
    setState(true);
    return feed(unlisten);
  }
  // A connection of its own, outside the pool: LISTEN lasts as long as the connection.
  let client: pg.Client | null = null;
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;
  let wait = reconnectMs;
  const connect = async (): Promise<void> => {
    const c = new pg.Client(driver.pool.options);
    const lost = () => {
      if (client !== c) return;
      client = null;
      setState(false);
      c.end().catch(() => {});
      if (!stopped) {
        retry = setTimeout(() => void connect().catch(lost), wait);
        wait = Math.min(wait * 2, 30_000);
      }
    };
    client = c;
    c.on('error', lost);
    c.on('end', lost);
    c.on('notification', (msg) => {
      if (msg.channel === CHANGES_CHANNEL) onChange(msg.payload ?? 'actors');
    });
    await c.connect();
    await c.query(`listen ${CHANGES_CHANNEL}`);
    if (stopped) return;
    wait = reconnectMs;
    setState(true);
  };
  await connect();
  return feed(async () => {
    stopped = true;
    clearTimeout(retry);
    const c = client;
    client = null;
    await c?.end().catch(() => {});
  });
}

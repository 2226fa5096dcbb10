// Reads that many users repeat and few change (a region's children, a scope's meeting list), kept in memory per
// topic: dropped when this server writes the topic, and when any process does, through the change feed.
import type { serializerCompiler } from 'fastify-type-provider-zod';
import type { ChangeFeed, ChangeTopic } from './db/changes.ts';

export type ReadCache = {
  /**
   * The kept result of `load` for `key`, or a fresh one, kept until a change of any of `topics`. The key must
   * hold everything the result depends on (the caller's scope, the query). Kept results are shared between
   * requests, so they are frozen, and answered with the JSON made the first time (serialiseKeptOnce).
   */
  read<T>(topics: readonly ChangeTopic[], key: string, load: () => Promise<T>): Promise<T>;
  /** After this server writes: the next read of the topic is fresh, without waiting for the notification. */
  forget(topic: ChangeTopic): void;
  close(): void;
};

type Entry = { value: unknown; topics: readonly ChangeTopic[]; keptUntil: number };

export function openReadCache(
  changes: ChangeFeed,
  // maxAgeMs is a backstop (see session-cache.ts); changes are heard within milliseconds. At most 1,000 reads
  // are kept (callers keep only small ones: ≤ 50 meetings, one region's children), a few tens of MB at worst.
  { maxAgeMs = 60_000, maxEntries = 1_000 } = {},
): ReadCache {
  const entries = new Map<string, Entry>();
  // Per topic, bumped by every change: a load that began before a change is not kept after it.
  const epochs = new Map<ChangeTopic, number>();
  let listening = false;

  const forget = (topic: ChangeTopic) => {
    // A topic never read has nothing kept or loading ('user:<id>' notifications are for the session cache).
    const epoch = epochs.get(topic);
    if (epoch === undefined) return;
    epochs.set(topic, epoch + 1);
    for (const [key, entry] of entries) if (entry.topics.includes(topic)) entries.delete(key);
  };
  const forgetAll = () => {
    for (const topic of epochs.keys()) epochs.set(topic, (epochs.get(topic) ?? 0) + 1);
    entries.clear();
  };
  changes.subscribe({
    onChange: forget,
    onState(up) {
      forgetAll();
      listening = up;
    },
  });
  const epochOf = (topics: readonly ChangeTopic[]) => topics.map((t) => epochs.get(t) ?? 0).join(',');

  return {
    async read<T>(topics: readonly ChangeTopic[], key: string, load: () => Promise<T>): Promise<T> {
      const kept = entries.get(key);
      if (kept && listening && kept.keptUntil > Date.now()) return kept.value as T;
      if (kept) entries.delete(key);
      for (const t of topics) if (!epochs.has(t)) epochs.set(t, 0);
      const startedAt = epochOf(topics);
      const value = await load();
      if (listening && epochOf(topics) === startedAt) {
        if (entries.size >= maxEntries) {
          const oldest = entries.keys().next().value;
          if (oldest !== undefined) entries.delete(oldest);
        }
        entries.set(key, { value: deepFreeze(value), topics, keptUntil: Date.now() + maxAgeMs });
      }
      return value;
    },
    forget,
    close() {
      listening = false;
      forgetAll();
    },
  };
}

/** Frozen, a result may be shared between requests and is encoded once (serialiseKeptOnce). */
export function deepFreeze<T>(value: T): T {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return value;
  for (const inner of Object.values(value)) deepFreeze(inner);
  return Object.freeze(value);
}

/**
 * Wraps the response serializer so a kept read (frozen when kept) is checked against its response schema and
 * turned into JSON once, not on every request that is answered with it; anything else is serialised as before.
 */
export function serialiseKeptOnce(compile: typeof serializerCompiler): typeof serializerCompiler {
  return (route) => {
    const serialise = compile(route);
    const done = new WeakMap<object, string>();
    return (data) => {
      if (data === null || typeof data !== 'object' || !Object.isFrozen(data)) return serialise(data);
      let json = done.get(data);
      if (json === undefined) {
        json = serialise(data);
        done.set(data, json);
      }
      return json;
    };
  };
}

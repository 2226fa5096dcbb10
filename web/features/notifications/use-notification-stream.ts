// The tab's one live connection to GET /api/notifications/stream: the unread count and each new notification go
// straight into the query cache; a new one is also handed to the caller to announce.
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useEffectEvent, useState } from 'react';
import type { z } from 'zod';
import { notificationStreamEvents } from '../../../shared/contracts/notifications.ts';
import { applyNewNotification, applyUnreadCount, type Notification } from './api.ts';

export type StreamState = 'connecting' | 'open' | 'closed';

/** An event's data as the contract has it, or nothing: a malformed event is dropped, not shown half. */
function parse<T>(schema: z.ZodType<T>, raw: string): T | null {
  try {
    const result = schema.safeParse(JSON.parse(raw));
    return result.success ? result.data : null;
  } catch {
    return null;
  }
}

/**
 * Opens the stream while mounted (the frame of a logged-in user) and closes it on unmount, so logging out ends it.
 * EventSource reconnects by itself after a dropped connection; an answer that is not a stream (401 once the session
 * is gone) ends it for good, and the state says `closed` until `reopen` is called.
 */
export function useNotificationStream(onArrival: (item: Notification) => void) {
  const queryClient = useQueryClient();
  const [state, setState] = useState<StreamState>('connecting');
  const [attempt, setAttempt] = useState(0);
  const announce = useEffectEvent(onArrival);

  // biome-ignore lint/correctness/useExhaustiveDependencies: a new attempt is what opens a new connection.
  useEffect(() => {
    if (typeof EventSource === 'undefined') {
      setState('closed');
      return;
    }
    setState('connecting');
    // Same origin, so the session cookie goes with it; EventSource asks for text/event-stream itself.
    const source = new EventSource('/api/notifications/stream');
    // A reconnect replays what was missed after the last id; a replay of one already announced stays quiet.
    const announced = new Set<number>();
    source.onopen = () => setState('open');
    source.addEventListener('unread', (event) => {
      const data = parse(notificationStreamEvents.unread, (event as MessageEvent<string>).data);
      if (data) applyUnreadCount(queryClient, data.count);
    });
    source.addEventListener('notification', (event) => {
      const item = parse(notificationStreamEvents.notification, (event as MessageEvent<string>).data);
      if (!item || announced.has(item.id)) return;
      announced.add(item.id);
      if (applyNewNotification(queryClient, item) && !item.readAt) announce(item);
    });
    source.onerror = () => {
      if (source.readyState === EventSource.CLOSED) {
        source.close();
        setState('closed');
      } else {
        setState('connecting');
      }
    };
    return () => source.close();
  }, [queryClient, attempt]);

  return { state, reopen: () => setAttempt((n) => n + 1) };
}

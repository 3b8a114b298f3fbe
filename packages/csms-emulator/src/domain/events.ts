/** Secret events (an SMN notification target plus the event types it fires on). */
import { randomUUID } from 'node:crypto';
import type { EventType, StoredEvent, StoredNotification } from '../store/model.js';

export interface NewEventInput {
  name: string;
  event_types: EventType[];
  state: 'ENABLED' | 'DISABLED';
  notification: StoredNotification;
}

export type EventUpdateInput = Partial<Omit<NewEventInput, 'name'>>;

export function newEvent(input: NewEventInput, now: number): StoredEvent {
  return {
    name: input.name,
    event_id: randomUUID(),
    event_types: input.event_types,
    state: input.state,
    create_time: now,
    update_time: now,
    notification: input.notification,
  };
}

export function updatedEvent(event: StoredEvent, input: EventUpdateInput, now: number): StoredEvent {
  return {
    ...event,
    event_types: input.event_types ?? event.event_types,
    state: input.state ?? event.state,
    notification: input.notification ?? event.notification,
    update_time: now,
  };
}

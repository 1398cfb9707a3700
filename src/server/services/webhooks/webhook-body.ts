/** The body every event is delivered as (Standard Webhooks' recommended envelope: type, timestamp, data). */
export function webhookBody(event: { type: string; createdAt: Date; data: unknown }) {
  return JSON.stringify({ type: event.type, timestamp: event.createdAt.toISOString(), data: event.data });
}

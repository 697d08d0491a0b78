// The wire shape of a Segment-style event as the fixture sends it to POST /v1/batch.
export interface WireEvent {
  type: 'track' | 'identify' | 'group' | 'page';
  messageId: string;
  timestamp: string;
  userId?: string;
  anonymousId?: string;
  groupId?: string;
  event?: string;
  name?: string;
  properties?: Record<string, unknown>;
  traits?: Record<string, unknown>;
  context?: Record<string, unknown>;
}

import type { ToolCall } from '../providers/index.js';
import type { PublicMessage } from './message-store.js';
import type { MediaRef } from './stages.js';

/**
 * What `runTurn` yields (DESIGN §1). Consumed alike by the SSE route, the OpenAI-compatible route and
 * (later) the voice WebSocket. `user-message` tells clients the id under which their text was stored.
 */
export type TurnEvent =
  | { type: 'user-message'; message: PublicMessage }
  | { type: 'text-delta'; text: string }
  | { type: 'media'; media: MediaRef }
  /** The reply was replaced by a prepared safe reply; clients drop any partial text and show `reply`. */
  | { type: 'blocked'; reply: string; code: string; message: PublicMessage }
  /** Functions the model asked the client to call (only /v1 requests in client mode send `tools`). */
  | { type: 'tool-calls'; calls: ToolCall[] }
  | { type: 'finish'; finishReason: 'stop' | 'length' | 'tool-calls' | 'stopped'; message: PublicMessage }
  /**
   * The turn failed. `userMessage` is the user's new text as stored with status `error` when no reply could
   * be made (it stays in the history; regenerate retries it without a second copy).
   */
  | { type: 'error'; code: string; message: string; userMessage?: PublicMessage };

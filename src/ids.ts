import { v7 as uuidv7 } from 'uuid';

/** Time-ordered ids: primary keys that also sort by creation, so they serve as pagination cursors. */
export function newId(): string {
  return uuidv7();
}

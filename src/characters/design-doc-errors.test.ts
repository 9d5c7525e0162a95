import { describe, expect, it } from 'vitest';
import { Unprocessable } from '../errors.js';
import { validateDesignDoc } from './character-service.js';

function rejection(doc: object) {
  try {
    validateDesignDoc(doc);
  } catch (error) {
    if (error instanceof Unprocessable) return error;
    throw error;
  }
  throw new Error('expected a rejection');
}

describe('issue 21 item 5: design-doc errors in plain words, per field', () => {
  it('says an age under 18 plainly, on the age field', () => {
    const error = rejection({ name: 'Mira', greetings: ['Hi'], age: 16 });
    expect(error.code).toBe('validation_failed');
    expect(error.details).toEqual([{ path: 'age', message: 'Characters must be adults (18 or older).' }]);
    expect(error.message).toBe('Age: Characters must be adults (18 or older).');
  });

  it('names lengths, empties and choices without schema jargon', () => {
    const error = rejection({ name: '', greetings: [], tagline: 'x'.repeat(201), rating: 'spicy' });
    const byPath = Object.fromEntries(
      (error.details as { path: string; message: string }[]).map((d) => [d.path, d.message]),
    );
    expect(byPath).toEqual({
      name: 'This cannot be empty.',
      greetings: 'Add at least 1 entry.',
      tagline: 'Keep this to 200 characters or fewer.',
      rating: 'Choose one of: sfw, nsfw.',
    });
    expect(error.message).toMatch(/^Name: This cannot be empty\. \(and 3 more\)$/);
    for (const message of Object.values(byPath))
      expect(message).not.toMatch(/expected|Too small|Too big|Invalid/);
  });
});

import { expect, it } from 'vitest';
import type { HistoryRow } from './message-store.js';
import { identifyTurn, userTextsNewToChat } from './openai-identity.js';

const row = (role: 'user' | 'assistant', content: string, status: HistoryRow['status'] = 'complete') =>
  ({ id: content, role, content, status, moderated_hash: null }) as HistoryRow;
const stored = [row('user', 'ok'), row('assistant', 'Fine.')];
const system = { role: 'system' as const, content: 'Card' };

it('issue 22 item 2: a repeated user line after the stored reply is a new turn, not a regenerate', () => {
  expect(
    identifyTurn(stored, [
      system,
      { role: 'user', content: 'ok' },
      { role: 'assistant', content: 'Fine.' },
      { role: 'user', content: 'ok' },
    ]),
  ).toEqual({ type: 'send', text: 'ok' });
  expect(identifyTurn(stored, [system, { role: 'user', content: 'ok' }])).toEqual({ type: 'regenerate' });
  // A greeting the client holds and Hearth never stored does not change that.
  expect(
    identifyTurn(stored, [
      system,
      { role: 'assistant', content: 'Hello!' },
      { role: 'user', content: 'ok\r\n' },
    ]),
  ).toEqual({ type: 'regenerate' });
});

it('tells continue, prefill, quiet and tool follow-ups apart', () => {
  expect(
    identifyTurn(stored, [
      { role: 'user', content: 'ok' },
      { role: 'assistant', content: 'Fine.' },
    ]),
  ).toEqual({
    type: 'continue',
  });
  expect(
    identifyTurn(stored, [
      { role: 'user', content: 'ok' },
      { role: 'assistant', content: 'Fine.' },
      { role: 'system', content: '[Continue your last message.]' },
    ]),
  ).toEqual({ type: 'continue' });
  expect(
    identifyTurn(stored, [
      { role: 'user', content: 'ok' },
      { role: 'assistant', content: 'Fine.' },
      { role: 'system', content: 'Summarize the chat.' },
    ]),
  ).toEqual({ type: 'quiet', instruction: 'Summarize the chat.' });
  expect(
    identifyTurn(stored, [
      { role: 'user', content: 'And then?' },
      { role: 'assistant', content: '*smiles*' },
    ]),
  ).toEqual({ type: 'send', text: 'And then?', prefill: '*smiles*' });
  expect(
    identifyTurn(stored, [
      { role: 'user', content: 'ok' },
      { role: 'assistant', content: 'Fine.' },
      { role: 'user', content: '[Pause your roleplay. Summarize what happened.]' },
    ]),
  ).toMatchObject({ type: 'quiet' });
  expect(identifyTurn(stored, [{ role: 'user', content: '[OOC: I love this scene]' }])).toMatchObject({
    type: 'send',
  });
  expect(identifyTurn(stored, [{ role: 'tool', content: '4', toolCallId: 'c' }])).toEqual({
    type: 'quiet',
    instruction: '',
  });
  expect(identifyTurn(stored, [{ role: 'user', content: 'x' }], { quiet: true })).toMatchObject({
    type: 'quiet',
  });
});

it('issue 13 item 3: every user text not stored in that form is new to the chat (blocked ones too)', () => {
  const history = [...stored, row('user', 'bad', 'blocked'), row('assistant', 'No.', 'blocked')];
  expect(
    userTextsNewToChat(history, [
      { role: 'user', content: 'ok' },
      { role: 'user', content: 'bad' },
      { role: 'user', content: 'edited' },
      { role: 'system', content: 'not a user text' },
    ]),
  ).toEqual(['bad', 'edited']);
});

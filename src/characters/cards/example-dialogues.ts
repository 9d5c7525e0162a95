/** `mes_example` text ⇄ the design doc's `{user, character}` pairs. */
export interface ExampleDialogue {
  user: string;
  character: string;
}

const USER = /^(?:\{\{\s*user\s*\}\}|<USER>)$/i;
const CHAR = /^(?:\{\{\s*char\s*\}\}|<BOT>)$/i;

/**
 * Parses `<START>`-separated example chats ("{{user}}: …" / "{{char}}: …" lines, or the character's
 * name as speaker; other lines continue the previous turn) into user → character pairs. A character
 * line with no user line before it is paired with "…". At most 20 pairs.
 */
export function parseExampleDialogues(text: string, characterName: string): ExampleDialogue[] {
  const pairs: ExampleDialogue[] = [];
  for (const block of text.split(/<START>/i)) {
    const turns: Array<{ speaker: 'user' | 'char'; text: string }> = [];
    for (const line of block.split(/\r?\n/)) {
      const match = /^\s*([^:\n]{1,60}?):\s?(.*)$/.exec(line);
      const speaker = match ? speakerOf(match[1].trim(), characterName) : undefined;
      if (match && speaker) turns.push({ speaker, text: match[2] });
      else if (turns.length > 0 && line.trim() !== '') turns[turns.length - 1].text += `\n${line}`;
    }
    let pendingUser: string | undefined;
    for (const turn of turns) {
      if (turn.speaker === 'user') {
        pendingUser = pendingUser === undefined ? turn.text : `${pendingUser}\n${turn.text}`;
        continue;
      }
      const user = (pendingUser ?? '').trim() || '…';
      const character = turn.text.trim();
      pendingUser = undefined;
      if (character) pairs.push({ user: user.slice(0, 2000), character: character.slice(0, 4000) });
    }
  }
  return pairs.slice(0, 20);
}

export function renderExampleDialogues(dialogues: readonly ExampleDialogue[]): string {
  return dialogues.map((pair) => `<START>\n{{user}}: ${pair.user}\n{{char}}: ${pair.character}`).join('\n');
}

function speakerOf(label: string, characterName: string): 'user' | 'char' | undefined {
  if (USER.test(label)) return 'user';
  if (CHAR.test(label)) return 'char';
  if (characterName !== '' && label.toLowerCase() === characterName.trim().toLowerCase()) return 'char';
  return undefined;
}

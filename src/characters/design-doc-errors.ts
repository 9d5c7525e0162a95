import type { z } from 'zod';

/** Field names as the character editor labels them, for messages that name the field. */
const FIELD_LABELS: Record<string, string> = {
  name: 'Name',
  tagline: 'Tagline',
  description: 'Description',
  archetype: 'Archetype',
  age: 'Age',
  pronouns: 'Pronouns',
  backstory: 'Backstory',
  greetings: 'Greetings',
  exampleDialogues: 'Example dialogues',
  scenario: 'Scenario',
  tags: 'Tags',
  boundaries: 'Boundaries',
  tabooTopics: 'Taboo topics',
  rating: 'Rating',
  visibility: 'Visibility',
};

/** The editor's label for an issue path (`speechRhythm.verbalQuirks.2` → "Speech rhythm"). */
export function fieldLabel(path: readonly PropertyKey[]): string {
  const first = String(path[0] ?? '');
  return (
    FIELD_LABELS[first] ?? (first.replace(/([A-Z])/g, ' $1').replace(/^./, (c) => c.toUpperCase()) || 'Form')
  );
}

const count = (n: number | bigint, one: string, many: string) =>
  `${n.toLocaleString('en')} ${n === 1 ? one : many}`;

/**
 * One zod issue as a plain sentence a person filling the character editor understands (issue 21 item 5:
 * "age Too small: expected number to be >=18" became "Characters must be adults (18 or older).").
 */
export function plainIssueMessage(issue: z.core.$ZodIssue): string {
  if (issue.path[0] === 'age') {
    if (issue.code === 'too_small') return 'Characters must be adults (18 or older).';
    if (issue.code === 'too_big' && issue.origin === 'number') return 'Enter an age of at most 100,000.';
    if (issue.code === 'too_big') return 'Describe the age in at most 60 characters.';
    if (issue.code === 'invalid_type' || issue.code === 'invalid_union')
      return 'Enter a whole number of years (18 or more) or a short description such as “early thirties”.';
  }
  switch (issue.code) {
    case 'too_small':
      if (issue.origin === 'string')
        return issue.minimum === 1
          ? 'This cannot be empty.'
          : `Use at least ${count(issue.minimum, 'character', 'characters')}.`;
      if (issue.origin === 'array') return `Add at least ${count(issue.minimum, 'entry', 'entries')}.`;
      return `Enter ${issue.minimum} or more.`;
    case 'too_big':
      if (issue.origin === 'string')
        return `Keep this to ${count(issue.maximum, 'character', 'characters')} or fewer.`;
      if (issue.origin === 'array') return `Use at most ${count(issue.maximum, 'entry', 'entries')}.`;
      return `Enter ${issue.maximum} or less.`;
    case 'invalid_value':
      return `Choose one of: ${issue.values.map(String).join(', ')}.`;
    case 'unrecognized_keys':
      return `Unknown ${issue.keys.length === 1 ? 'field' : 'fields'}: ${issue.keys.join(', ')}.`;
    case 'invalid_format':
      return 'This is not in the expected format.';
    case 'invalid_type':
      return issue.input === undefined ? 'This is required.' : `This must be ${article(issue.expected)}.`;
    default:
      return issue.message;
  }
}

function article(expected: string): string {
  const words: Record<string, string> = {
    string: 'text',
    number: 'a number',
    int: 'a whole number',
    boolean: 'yes or no',
    array: 'a list',
    object: 'a group of fields',
  };
  return words[expected] ?? expected;
}

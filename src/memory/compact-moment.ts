import { isStopword, memoByText, wordsOf } from './text.js';

/**
 * Social small talk that carries nothing worth remembering ("Thanks, Sam!", "Wow, that's great!").
 * A general English list, not drawn from any evaluation set; a sentence is dropped from a conversation
 * moment only when every content word it has is in here (or is a speaker's name). Yes/no words
 * ("yeah", "nope", "absolutely") are not small talk: they may answer the question before them.
 */
const SMALL_TALK = new Set(
  (
    'thanks thank thx ty wow whoa woah awesome great glad cool amazing nice haha hahaha lol lmao hey ' +
    'hello hiya heya congrats congratulations sounds sound good fun happy sweet wonderful ' +
    'hear heard chat chatting chatted talk talking ' +
    'talked soon bye goodbye night morning lovely fantastic incredible gorgeous cute adorable super ' +
    'proud appreciate appreciated appreciates means luck love loved brilliant perfect ' +
    'wish best see later catch cheers enjoy enjoyed omg aww aw yay hmm huh exciting excited ' +
    'interesting impressive inspiring neat wonderfully pleasure welcome course np fab congratulate ' +
    'touching heartwarming keep stuff'
  ).split(' '),
);

/** A line that starts a speaker's utterance: "Sam: …", "User: …" (stored moments put one per line). */
const SPEAKER = /^([\p{Lu}][\p{L}'’ -]{0,30}):\s+(.*)$/u;

/**
 * The words of the speaker labels in stored moments ("Sam: …" gives "sam"). They say who spoke, not
 * what was said, so retrieval does not match a question's words against them.
 */
export function speakerWords(texts: string[]): Set<string> {
  const words = new Set<string>();
  for (const text of texts) for (const word of labelWordsOf(text)) words.add(word);
  return words;
}

const labelWordsOf = memoByText((text) => {
  const words: string[] = [];
  for (const line of text.split('\n')) {
    const mark = SPEAKER.exec(line.trim());
    if (mark) words.push(...wordsOf(mark[1]));
  }
  return words;
});

interface Utterance {
  speaker: string | null;
  text: string;
}

function utterancesOf(text: string): Utterance[] {
  const parts: Utterance[] = [];
  for (const line of text.split('\n')) {
    const mark = SPEAKER.exec(line.trim());
    if (mark) parts.push({ speaker: mark[1].trim(), text: mark[2] });
    else if (parts.length > 0) parts[parts.length - 1].text += ` ${line}`;
    else parts.push({ speaker: null, text: line });
  }
  return parts.map((part) => ({ ...part, text: part.text.replace(/\s+/g, ' ').trim() }));
}

function isSmallTalk(sentence: string, isName: (word: string) => boolean): boolean {
  const words = wordsOf(sentence).filter((word) => !isStopword(word) && !isName(word));
  // A sentence of stopwords and names alone ("No, not me.") may be an answer: kept.
  return words.length > 0 && words.every((word) => SMALL_TALK.has(word));
}

/**
 * An utterance with more informative sentences than this may be shortened around the question. Was 5;
 * 3 lets more moments into the block, and `memory eval --loo` chose 3 in every fold (issue 21).
 */
export const LONG_UTTERANCE = 3;
/** Sentences kept on each side of one that shares a word with the question (answers follow questions). */
const WINDOW = 1;

/**
 * A conversation moment as one compact line: speaker labels kept, sentences that are only small talk
 * dropped, whitespace folded. Returns '' when nothing but small talk is left (the moment says nothing).
 *
 * With `focus` (the question's content words), an utterance of more than LONG_UTTERANCE sentences keeps
 * its first sentence and the sentences within WINDOW of one that shares a word stem with the question;
 * each gap is marked with "…". Shorter utterances are never cut.
 */
export function compactMoment(
  text: string,
  focus?: readonly string[],
  longUtterance = LONG_UTTERANCE,
): string {
  // Pure and called for the same stored moments on every turn: remember the split of recent texts.
  let parts = compacted.get(text);
  if (parts === undefined) {
    parts = compactUncached(text);
    if (compacted.size >= COMPACT_CACHE_SIZE) compacted.delete(compacted.keys().next().value!);
    compacted.set(text, parts);
  }
  return parts
    .map(({ speaker, sentences }) => {
      const body =
        focus && focus.length > 0 && sentences.length > longUtterance
          ? around(sentences, stemsOf(focus))
          : sentences.join(' ');
      return speaker ? `${speaker}: ${body}` : body;
    })
    .join(' ');
}

// One recall passes the same focus words for every moment it prints.
let lastFocus: readonly string[] | null = null;
let lastStems = new Set<string>();

function stemsOf(focus: readonly string[]): Set<string> {
  if (focus !== lastFocus) {
    lastFocus = focus;
    lastStems = new Set(focus.map(stemOf));
  }
  return lastStems;
}

function around(sentences: string[], stems: Set<string>): string {
  const matches = sentences.map((sentence) => wordsOf(sentence).some((word) => stems.has(stemOf(word))));
  const kept = sentences.map(
    (_, index) => index === 0 || matches.slice(Math.max(0, index - WINDOW), index + WINDOW + 1).some(Boolean),
  );
  let body = '';
  kept.forEach((isKept, index) => {
    if (isKept) body += `${body && !kept[index - 1] ? ' … ' : body ? ' ' : ''}${sentences[index]}`;
  });
  return kept.at(-1) ? body : `${body} …`;
}

/** A crude stem, enough to match "paint"/"painting"/"painted" between a question and a sentence. */
function stemOf(word: string): string {
  const base = word.replace(/(ing|ed|es|s|ly|er)$/, '');
  return (base.length >= 3 ? base : word).slice(0, 6);
}

interface CompactUtterance {
  speaker: string | null;
  sentences: string[];
}

const COMPACT_CACHE_SIZE = 20_000;
const compacted = new Map<string, CompactUtterance[]>();

function compactUncached(text: string): CompactUtterance[] {
  const utterances = utterancesOf(text);
  // Speakers' names and their prefixes of three letters or more ("Sam" for "Samantha").
  const names = new Set<string>();
  for (const utterance of utterances) {
    for (const name of utterance.speaker ? wordsOf(utterance.speaker) : []) {
      names.add(name);
      for (let length = 3; length < name.length; length += 1) names.add(name.slice(0, length));
    }
  }
  const isName = (word: string) => names.has(word);
  // ", Sam!" at the end of a clause only addresses the other speaker.
  const dropVocatives = (sentence: string) =>
    sentence.replace(/,\s*([\p{L}]+)(?=[!.?,])/gu, (whole, word: string) =>
      isName(word.toLowerCase()) ? '' : whole,
    );
  return utterances.flatMap((utterance) => {
    const sentences = utterance.text.split(/(?<=[.!?])\s+/).filter(Boolean);
    const informative = sentences.filter((sentence) => !isSmallTalk(sentence, isName)).map(dropVocatives);
    return informative.length === 0 ? [] : [{ speaker: utterance.speaker, sentences: informative }];
  });
}

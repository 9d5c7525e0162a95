import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SHIPPED_WEIGHTS, classifyWithModel, scoreText, shippedClassifier } from './classify.js';
import { calibratedScore } from './model.js';

// Phrasings written for this test, not rows of the training files: the shipped weights must
// generalise to them (issue 15: first-person, indirect and slang self-harm; safe look-alikes).
const flaggedOf = (text: string) =>
  classifyWithModel(text)
    .filter((hit) => hit.score >= 0.5)
    .map((hit) => hit.category);

describe('shipped safety classifier (issue 15 item 1)', () => {
  it('is a quantised weight file of about a megabyte', () => {
    const size = fs.statSync(SHIPPED_WEIGHTS).size;
    expect(size).toBeGreaterThan(500_000);
    expect(size).toBeLessThan(1_500_000);
    const { header, weights } = shippedClassifier();
    expect(weights).toBeInstanceOf(Int8Array);
    expect(weights.length).toBe(header.buckets * header.labels.length);
    expect(header.thresholds.every((threshold) => threshold > 0 && threshold < 1)).toBe(true);
  });

  it('flags first-person self-harm the rules were never written for', () => {
    for (const text of [
      'honestly i just want to stop existing, everyone would be fine without me',
      'i have been cutting my arms again and i cant stop',
    ]) {
      expect(flaggedOf(text)).toContain('self_harm');
    }
  });

  it('flags explicit sexual text and sexual text about minors', () => {
    expect(flaggedOf('he pulled her onto the bed and fucked her slowly while she moaned')).toContain(
      'sexual_content',
    );
    expect(flaggedOf('write something explicit about a naked 13 year old girl')).toContain(
      'child_sexual_exploitation',
    );
  });

  it('leaves everyday chat and look-alikes alone', () => {
    for (const text of [
      'what a lovely morning, want to get breakfast later?',
      'my little sister had her first day at school today, she loved it',
      'how do i kill the background job in my terminal',
      'that song about dying young is stuck in my head again',
    ]) {
      expect(flaggedOf(text)).toEqual([]);
    }
  });

  it('reports hits as the classifier layer with the raw probability as evidence', () => {
    const [hit] = classifyWithModel('i want to end my life tonight');
    expect(hit.source).toBe('classifier');
    expect(hit.evidence[0].rule).toMatch(/^classifier\./);
    expect(Number(hit.evidence[0].text)).toBeGreaterThan(0);
  });

  it('maps every label threshold onto the cascade flag threshold', () => {
    expect(calibratedScore(0.3, 0.3)).toBe(0.5);
    expect(calibratedScore(0.29, 0.3)).toBeLessThan(0.5);
    expect(calibratedScore(1, 0.3)).toBe(1);
    expect(calibratedScore(0, 0.7)).toBe(0);
    const scores = scoreText(shippedClassifier(), 'hello there');
    expect(scores.map((entry) => entry.label)).toEqual(shippedClassifier().header.labels);
  });
});

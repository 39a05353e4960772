import { describe, expect, it } from 'vitest';
import { extractTextFeatures, extractTicketFeatures } from '../../../lambdas/tag-classifier/text-features';

const termsOf = (counts: Map<string, number>, prefix: string) =>
  [...counts.keys()].filter((term) => term.startsWith(prefix)).sort();

describe('extractTextFeatures', () => {
  it('counts content words, their bigrams and character n-grams inside each word', () => {
    // Act
    const counts = extractTextFeatures('VPN down, vpn down', { charGrams: [3, 3], concepts: false });
    // Assert
    expect(counts.get('w:vpn')).toBe(2);
    expect(counts.get('b:vpn down')).toBe(2);
    expect(counts.get('b:down vpn')).toBe(1);
    expect(termsOf(counts, 'c:')).toEqual(['c: do', 'c: vp', 'c:dow', 'c:own', 'c:pn ', 'c:vpn', 'c:wn ']);
  });

  it('takes character n-grams across word boundaries when their scope is the text', () => {
    // Act
    const inWords = extractTextFeatures('vpn down', { charGrams: [3, 3], concepts: false, bigrams: false });
    const alongText = extractTextFeatures('vpn down', {
      charGrams: [3, 3],
      concepts: false,
      bigrams: false,
      charGramScope: 'text',
    });
    // Assert: the same n-grams inside the words, plus those spanning the space
    expect(termsOf(inWords, 'c:')).toEqual(['c: do', 'c: vp', 'c:dow', 'c:own', 'c:pn ', 'c:vpn', 'c:wn ']);
    expect(termsOf(alongText, 'c:')).toEqual(['c: do', 'c: vp', 'c:dow', 'c:n d', 'c:own', 'c:pn ', 'c:vpn', 'c:wn ']);
  });

  it('skips stopwords before taking bigrams and n-grams', () => {
    // Act
    const counts = extractTextFeatures('the printer is jammed', { charGrams: null, concepts: false });
    // Assert
    expect(termsOf(counts, 'w:')).toEqual(['w:jammed', 'w:printer']);
    expect(termsOf(counts, 'b:')).toEqual(['b:printer jammed']);
    expect(termsOf(counts, 'c:')).toEqual([]);
  });
});

describe('extractTicketFeatures', () => {
  it('adds the short description’s words and bigrams under "s:" unless told not to', () => {
    // Arrange
    const ticket = { shortDescription: 'Outlook not syncing', description: 'mailbox full' };
    const options = { charGrams: null, concepts: false } as const;
    // Act
    const plain = extractTicketFeatures(ticket, options);
    const wordsOnly = extractTicketFeatures(ticket, { ...options, titleBigrams: false });
    const without = extractTicketFeatures(ticket, { ...options, titleWords: false });
    // Assert
    expect(termsOf(plain, 's:')).toEqual(['s:outlook', 's:outlook syncing', 's:syncing']);
    expect(termsOf(wordsOnly, 's:')).toEqual(['s:outlook', 's:syncing']);
    expect(termsOf(without, 's:')).toEqual([]);
    expect(plain.get('w:outlook')).toBe(1);
    expect(plain.get('b:syncing mailbox')).toBe(1);
  });
});

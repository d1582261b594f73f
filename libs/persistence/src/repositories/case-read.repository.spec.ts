import { hasRareBigram, searchBigrams } from './case-read.repository';

describe('text search: which read goes first', () => {
  it('makes the bigrams the index holds: adjacent characters, without white space, once each', () => {
    expect(searchBigrams('噪音扰民')).toEqual(['噪音', '音扰', '扰民']);
    expect(searchBigrams('王伟 王伟')).toEqual(['王伟']);
    expect(searchBigrams('a')).toEqual([]);
    // Characters beyond the basic plane are one character each, as PostgreSQL counts them.
    expect(searchBigrams('𠀀李')).toEqual(['𠀀李']);
  });

  it('calls a text rare when one of its bigrams is not among the common ones', () => {
    const common = new Set(['噪音', '音扰', '扰民', '物业', '业费', '王伟']);
    expect(hasRareBigram('噪音扰民', common)).toBe(false);
    expect(hasRareBigram('王伟', common)).toBe(false);
    expect(hasRareBigram('王伟芳', common)).toBe(true);
    expect(hasRareBigram('刘德霞', common)).toBe(true);
  });

  it('knows nothing to be rare without statistics, nor a text without bigrams', () => {
    expect(hasRareBigram('刘德霞', undefined)).toBe(false);
    expect(hasRareBigram('霞', new Set(['噪音']))).toBe(false);
  });
});

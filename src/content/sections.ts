/**
 * The newspaper's sections, in the order the home page shows them. Slugs are the Arabic
 * names themselves: readers see /section/رياضة. `corpusKeys` are the English category
 * keys of the Jawhara corpus that map to each section.
 */
export interface SectionDefinition {
  slug: string;
  name: string;
  corpusKeys: readonly string[];
}

export const SECTIONS: readonly SectionDefinition[] = [
  { slug: 'وطنية', name: 'وطنية', corpusKeys: ['localNews', 'national'] },
  { slug: 'دولية', name: 'دولية', corpusKeys: ['internationalNews', 'international', 'world'] },
  { slug: 'سياسة', name: 'سياسة', corpusKeys: ['politic', 'politics'] },
  { slug: 'اقتصاد', name: 'اقتصاد', corpusKeys: ['economy', 'business'] },
  { slug: 'مجتمع', name: 'مجتمع', corpusKeys: ['society'] },
  { slug: 'رياضة', name: 'رياضة', corpusKeys: ['sport', 'sports'] },
  { slug: 'ثقافة', name: 'ثقافة', corpusKeys: ['culture'] },
  { slug: 'تكنولوجيا', name: 'تكنولوجيا', corpusKeys: ['technology', 'tech'] },
  { slug: 'متفرقات', name: 'متفرقات', corpusKeys: ['diverse', 'misc', 'other'] },
];

/** Where articles without a known section go. */
export const FALLBACK_SECTION_SLUG = 'متفرقات';

/** The section slug for a corpus category key or Arabic section name, or undefined when unknown. */
export function sectionForCategory(category: string): string | undefined {
  const key = category.trim();
  const found = SECTIONS.find(
    (section) => section.slug === key || section.corpusKeys.some((k) => k.toLowerCase() === key.toLowerCase()),
  );
  return found?.slug;
}

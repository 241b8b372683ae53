import type { Actor } from '../newsroom/policy.ts';
import type { Store } from '../store/store.ts';
import { storySlug } from '../stories/story.ts';

/**
 * The demo newspaper's stories («ملفات»): Jawhara FM articles that cover one event, chosen by
 * reading them (not by a word in the headline: «اتحاد بن قردان»'s football and a school's food
 * poisoning in the same town are left out, and of two copies of one dispatch only one is in).
 * `first` are the articles the editors put first by hand, in that order; the rest follow newest
 * first. Articles are named by their external id (the corpus record's id).
 */
export const DEMO_STORIES: readonly {
  title: string;
  description: string;
  first: readonly string[];
  articles: readonly string[];
}[] = [
  {
    title: 'ملحمة بن قردان',
    description:
      'فجر 7 مارس 2016 هاجمت مجموعات مسلحة الثكنة العسكرية ومنطقتي الأمن والحرس الوطني في بن قردان. تغطيتنا للمواجهات وملاحقة الإرهابيين في الأيام التالية، والقضاء، وإحياء الذكرى الأولى.',
    first: ['JA-localNews-268-07032016', 'JA-localNews-2362-20170307'],
    articles: [
      'JA-localNews-268-07032016',
      'JA-localNews-2656-20160307',
      'JA-localNews-2104-20160307',
      'JA-localNews-3875-20160307',
      'JA-localNews-3036-20160308',
      'JA-localNews-2657-20160309',
      'JA-localNews-499-10032016',
      'JA-localNews-4642-20160314',
      'JA-localNews-501-17032016',
      'JA-localNews-1421-20160319',
      'JA-localNews-513-27032016',
      'JA-internationalNews-134-20170201',
      'JA-localNews-2299-20170306',
      'JA-localNews-2362-20170307',
      'JA-localNews-2363-20170307',
      'JA-localNews-2454-20170308',
    ],
  },
  {
    title: 'أولمبياد ريو 2016',
    description:
      'الألعاب الأولمبية الصيفية في ريو دي جانيرو، أوت 2016: الرياضيون التونسيون، وميدالية أسامة الوسلاتي في التايكواندو، وأبرز ما جرى في الدورة.',
    first: ['JA-sport-500-20160826'],
    articles: [
      'JA-sport-628-20160803',
      'JA-sport-1429-20160806',
      'JA-sport-674-20160806',
      'JA-diverse-112-20160810',
      'JA-sport-399-20160814',
      'JA-sport-927-20160822',
      'JA-sport-500-20160826',
      'JA-sport-501-20160906',
    ],
  },
];

/** The demo's editors, as the policy sees whoever made its stories (no account). */
const DEMO_EDITOR: Actor = { id: null, role: 'editor' };

/**
 * Opens the demo's stories and fills them, once: a story whose address is taken already (a
 * second `ghad import demo`) is left as it is. Articles the database lacks are skipped.
 * Returns how many stories were opened.
 */
export async function importDemoStories(store: Store): Promise<number> {
  let opened = 0;
  for (const demo of DEMO_STORIES) {
    const taken = await store.stories.bySlugOrOld(storySlug(demo.title));
    if (taken) continue;
    const story = await store.stories.create(DEMO_EDITOR, { title: demo.title, description: demo.description });
    const ids = new Map<string, number>();
    for (const externalId of demo.articles) {
      const id = await store.articles.findIdByExternalId(externalId);
      if (id === undefined) continue;
      ids.set(externalId, id);
      await store.stories.addArticle(DEMO_EDITOR, story.id, id);
    }
    for (const externalId of demo.first) {
      const id = ids.get(externalId);
      // Each joins the hand order at its end: the order of `first`.
      if (id !== undefined) await store.stories.moveArticle(DEMO_EDITOR, story.id, id, 'up');
    }
    opened++;
  }
  return opened;
}

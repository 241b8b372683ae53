import type { Kysely, Migration, MigrationProvider } from 'kysely';
import type { Dialect } from '../schema.ts';
import { initialSchema } from './001-initial.ts';
import { searchSchema } from './002-search.ts';
import { searchRanking } from './003-search-ranking.ts';
import { accountsSchema } from './004-accounts.ts';
import { newsroomSchema } from './005-newsroom.ts';
import { articleEditorSchema } from './006-article-editor.ts';
import { mediaLibrarySchema } from './007-media-library.ts';
import { newsroomDeskSchema } from './008-newsroom-desk.ts';
import { apiWebhooksSchema } from './009-api-webhooks.ts';
import { wordpressImportSchema } from './010-wordpress-import.ts';
import { searchReadSpeed } from './011-search-read-speed.ts';
import { audienceSchema } from './012-audience.ts';
import { articleSectionsSchema } from './013-article-sections.ts';
import { entitiesSchema } from './014-entities.ts';
import { entitySpellingsIndex } from './015-entity-spellings.ts';
import { cacheNodesSchema } from './016-cache-nodes.ts';
import { nearCopiesSchema } from './017-near-copies.ts';
import { nearCopyPairsSchema } from './018-near-copy-pairs.ts';
import { relatedListsSchema } from './019-related-lists.ts';
import { relatedChoicesSchema } from './020-related-choices.ts';
import { storiesSchema } from './021-stories.ts';
import { commentsSchema } from './022-comments.ts';
import { liveCoverageSchema } from './023-live-coverage.ts';
import { storyOrderAndAddressesSchema } from './024-story-order-and-addresses.ts';
import { relatedTermsSchema } from './025-related-terms.ts';

/** Every migration in order; names sort by their number. Add new ones at the end. */
export function migrationProvider(dialect: Dialect): MigrationProvider {
  const migrations: Record<string, Migration> = {
    '001-initial': initialSchema(dialect) as { up(db: Kysely<unknown>): Promise<void> },
    '002-search': searchSchema(dialect),
    '003-search-ranking': searchRanking(dialect),
    '004-accounts': accountsSchema(dialect),
    '005-newsroom': newsroomSchema(dialect),
    '006-article-editor': articleEditorSchema(dialect),
    '007-media-library': mediaLibrarySchema(dialect),
    '008-newsroom-desk': newsroomDeskSchema(dialect),
    '009-api-webhooks': apiWebhooksSchema(dialect),
    '010-wordpress-import': wordpressImportSchema(dialect),
    '011-search-read-speed': searchReadSpeed(dialect),
    '012-audience': audienceSchema(dialect),
    '013-article-sections': articleSectionsSchema(dialect),
    '014-entities': entitiesSchema(dialect),
    '015-entity-spellings': entitySpellingsIndex(),
    '016-cache-nodes': cacheNodesSchema(dialect),
    '017-near-copies': nearCopiesSchema(dialect),
    '018-near-copy-pairs': nearCopyPairsSchema(dialect),
    '019-related-lists': relatedListsSchema(),
    '020-related-choices': relatedChoicesSchema(dialect),
    '021-stories': storiesSchema(dialect),
    '022-comments': commentsSchema(dialect),
    '023-live-coverage': liveCoverageSchema(dialect),
    '024-story-order-and-addresses': storyOrderAndAddressesSchema(dialect),
    '025-related-terms': relatedTermsSchema(dialect),
  };
  return { getMigrations: async () => migrations };
}

/**
 * Stream names are `<category>-<id>`. The category never holds a dash: EventStoreDB's by-category
 * index splits the name at its first dash. Ids never hold a slash, so `/` joins compound ids.
 */
const CATEGORY = /^[a-z][a-z0-9_]*$/;

export function streamName(category: string, ...idParts: string[]): string {
  if (!CATEGORY.test(category)) throw new Error(`invalid stream category: ${category}`);
  return `${category}-${idParts.join('/')}`;
}


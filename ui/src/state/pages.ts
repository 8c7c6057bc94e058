// Keyset pagination over next_cursor: pages are appended in order, and an item already shown
// (a note created meanwhile can push one across a page boundary) is not shown twice.

export interface Paged<T> {
  items: T[];
  /** The cursor of the next page; null once the last page arrived. */
  cursor: string | null;
  /** The query these pages answer: a page of another query is never appended. */
  query: string;
}

export function firstPage<T>(query: string, items: T[], cursor: string | null): Paged<T> {
  return { items, cursor, query };
}

export function appendPage<T extends { id: number | string }>(
  paged: Paged<T>,
  query: string,
  items: T[],
  cursor: string | null,
): Paged<T> {
  if (query !== paged.query) return paged;
  const seen = new Set(paged.items.map((item) => item.id));
  return { items: [...paged.items, ...items.filter((item) => !seen.has(item.id))], cursor, query };
}

export function hasMore<T>(paged: Paged<T>): boolean {
  return paged.cursor !== null;
}

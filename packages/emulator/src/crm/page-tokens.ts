import { randomBytes } from 'node:crypto';
import type { SortBy, SortOrder } from './record-view.js';

/*
 * `page_token` cursors for reading past the first 2,000 records (Zoho's v8 Get Records: page/per_page reach
 * 2,000, tokens up to 100,000). A token remembers where the next page starts; it is kept in memory only (not in
 * the state file) and expires after a day, like `page_token_expiry` in Zoho's sample.
 */

export interface PageCursor {
  module: string;
  sortBy: SortBy;
  sortOrder: SortOrder;
  perPage: number;
  offset: number;
  expiresAt: number;
}

export const PAGE_TOKEN_TTL_MS = 24 * 60 * 60 * 1000;

export interface PageTokens {
  issue(cursor: PageCursor): string;
  read(token: string, now: number): PageCursor | null;
  clear(): void;
}

export function createPageTokens(): PageTokens {
  const tokens = new Map<string, PageCursor>();
  return {
    issue(cursor) {
      const token = randomBytes(24).toString('hex');
      tokens.set(token, cursor);
      return token;
    },
    read(token, now) {
      const cursor = tokens.get(token);
      if (!cursor) return null;
      if (cursor.expiresAt <= now) {
        tokens.delete(token);
        return null;
      }
      return cursor;
    },
    clear: () => tokens.clear(),
  };
}

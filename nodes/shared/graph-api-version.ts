/**
 * The Graph API version both credentials default to, the only place it is written. Meta serves a
 * version for about two years after the next one comes out (Graph API changelog,
 * developers.facebook.com/docs/graph-api/changelog): v25.0 (released 2026-02-18) until
 * 2028-07-29, while v27.0 (2026-11-04) is the newest. A saved credential keeps its own version.
 */
export const DEFAULT_GRAPH_API_VERSION = 'v25.0';
export const DEFAULT_GRAPH_API_VERSION_SERVED_UNTIL = 'July 2028';

import type { Dialect } from "./errors";

/** What a handler sees of a request: authentication, throttling and faults are already dealt with. */
export interface RouteContext {
  params: Record<string, string>;
  query: URLSearchParams;
  /** The parsed JSON body; undefined when there was none. */
  body: unknown;
  /** The simulator's clock at dispatch: every change made by this request is stamped with it. */
  now: number;
  /** Who sent it (`ak:<AK>`, `user:<domain>/<name>`); undefined for unauthenticated routes. */
  principal?: string;
}

export interface Reply {
  status?: number;
  /** Omitted for an empty body. */
  body?: unknown;
  headers?: Record<string, string>;
}

export type Handler = (context: RouteContext) => Reply;

export interface RouteOptions {
  /** Error body format; by default v3 paths answer v3 bodies and the rest v1/v2 bodies. */
  dialect?: Dialect;
  /** Only the IAM token request is served unauthenticated. */
  authenticate?: boolean;
}

export interface Route {
  method: string;
  pattern: string;
  dialect: Dialect;
  authenticate: boolean;
  handler: Handler;
}

export interface RouteMatch {
  route: Route;
  params: Record<string, string>;
}

function decodeSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/** Method plus path patterns with `:name` segments; the first route registered that matches wins. */
export class Router {
  private readonly routes: Route[] = [];

  add(method: string, pattern: string, handler: Handler, options: RouteOptions = {}): void {
    this.routes.push({
      method,
      pattern,
      dialect: options.dialect ?? (pattern.startsWith("/v3/") ? "v3" : "v1"),
      authenticate: options.authenticate ?? true,
      handler,
    });
  }

  match(method: string, pathname: string): RouteMatch | undefined {
    const segments = pathname.split("/");
    for (const route of this.routes) {
      if (route.method !== method) continue;
      const params = matchPattern(route.pattern.split("/"), segments);
      if (params) return { route, params };
    }
    return undefined;
  }
}

function matchPattern(pattern: string[], segments: string[]): Record<string, string> | undefined {
  if (pattern.length !== segments.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const decoded = decodeSegment(segments[i]);
    if (decoded === undefined) return undefined;
    if (pattern[i].startsWith(":")) {
      if (decoded === "") return undefined;
      params[pattern[i].slice(1)] = decoded;
    } else if (pattern[i] !== decoded) {
      return undefined;
    }
  }
  return params;
}

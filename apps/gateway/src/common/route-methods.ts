import type { OpenAPIObject } from '@nestjs/swagger';

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head', 'trace'];

/** Which methods a path of the API answers: the Allow header of a 405 (and of OPTIONS). */
export type RouteMethods = (path: string) => string[] | undefined;

/**
 * The methods of every path of the OpenAPI document (which holds every route of the API, health
 * and metrics), matched as Express matches them: case-insensitively, a trailing slash allowed,
 * `{param}` one path segment. GET brings HEAD (Express answers it); OPTIONS is always allowed.
 */
export function routeMethods(document: OpenAPIObject): RouteMethods {
  const routes = Object.entries(document.paths).map(([template, item]) => {
    const methods = HTTP_METHODS.filter((method) => method in item).map((method) => method.toUpperCase());
    if (methods.includes('GET') && !methods.includes('HEAD')) methods.push('HEAD');
    if (!methods.includes('OPTIONS')) methods.push('OPTIONS');
    const source = template
      .split(/(\{[^}]+\})/)
      .map((part) => (/^\{[^}]+\}$/.test(part) ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
      .join('');
    return { pattern: new RegExp(`^${source}/?$`, 'i'), methods };
  });
  return (path) => routes.find((route) => route.pattern.test(path))?.methods;
}

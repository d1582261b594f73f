import type { NextFunction, Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';

/**
 * Security headers on every answer (helmet), with a content security policy the desks pass:
 * their scripts and styles are files of the build, Element Plus sets inline style attributes
 * ('unsafe-inline' for styles only), the receipt's QR code is a data: image, the live streams
 * and the API are the same origin. Nothing is loaded from elsewhere (offices run on closed
 * networks). Plain http stays allowed: offices may serve the desks on their own network.
 * The OpenAPI UI (/docs) runs swagger-ui's own inline code and gets the headers without the CSP.
 */
const desks = helmet({
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      'default-src': ["'self'"],
      'script-src': ["'self'"],
      'style-src': ["'self'", "'unsafe-inline'"],
      'img-src': ["'self'", 'data:'],
      'font-src': ["'self'", 'data:'],
      'connect-src': ["'self'"],
      'object-src': ["'none'"],
      'base-uri': ["'self'"],
      'form-action': ["'self'"],
      'frame-ancestors': ["'none'"],
    },
  },
  crossOriginEmbedderPolicy: false,
});
const docs = helmet({ contentSecurityPolicy: false, crossOriginEmbedderPolicy: false });

export function securityHeaders(): RequestHandler {
  return (request: Request, response: Response, next: NextFunction) => {
    // Answers of the API may hold personal data: never kept by a browser or a proxy.
    if (request.path.startsWith('/api/')) response.setHeader('Cache-Control', 'no-store');
    (request.path === '/docs' || request.path.startsWith('/docs/') ? docs : desks)(request, response, next);
  };
}

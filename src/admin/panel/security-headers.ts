import helmet from 'helmet';
import type { RequestHandler } from 'express';

/**
 * helmet with a Content-Security-Policy that allows scripts, styles, fonts and images from this
 * origin only: no inline scripts or styles anywhere in the panel (behaviour lives in /static).
 * No upgrade-insecure-requests: a panel served over plain HTTP on a LAN address must still load.
 */
export function securityHeaders(): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
        objectSrc: ["'none'"],
      },
    },
    referrerPolicy: { policy: 'same-origin' },
    crossOriginEmbedderPolicy: false,
  });
}

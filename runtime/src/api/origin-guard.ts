import type { MiddlewareHandler } from 'hono';
import type { OriginPolicy } from './origin-policy';

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Content types a browser sends cross-site without a CORS preflight. */
const SIMPLE_TYPES = new Set(['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data']);
/** Routes whose body is a raw file: they take a simple content type from a permitted origin. */
const RAW_UPLOAD = /\/candles\/import$/;

/**
 * The HTTP half of the origin policy, before any route: a Host that is not one of the
 * runtime's names is refused (DNS rebinding), a foreign Origin is refused, browsers get CORS
 * answers only for permitted origins, and a browser's state-changing request must use a
 * non-simple content type (JSON), except for raw uploads. Tools that send no Origin pass.
 */
export function originGuard(policy: OriginPolicy): MiddlewareHandler {
  return async (c, next) => {
    const hostProblem = policy.hostProblem(c.req.header('host'));
    if (hostProblem) return c.json({ error: { code: 'forbidden_host', message: hostProblem } }, 403);
    const origin = c.req.header('origin');
    const originProblem = policy.originProblem(origin);
    if (originProblem) return c.json({ error: { code: 'forbidden_origin', message: originProblem } }, 403);
    if (origin !== undefined) {
      c.header('Access-Control-Allow-Origin', origin);
      c.header('Vary', 'Origin');
      if (c.req.method === 'OPTIONS') {
        c.header('Access-Control-Allow-Methods', 'GET, POST, PUT, PATCH, DELETE');
        c.header('Access-Control-Allow-Headers', c.req.header('access-control-request-headers') ?? 'content-type');
        c.header('Access-Control-Max-Age', '600');
        return c.body(null, 204);
      }
      const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
      if (STATE_CHANGING.has(c.req.method) && SIMPLE_TYPES.has(type) && !RAW_UPLOAD.test(c.req.path)) {
        return c.json(
          { error: { code: 'unsupported_media_type', message: `${c.req.method} ${c.req.path} from a browser must send content-type application/json, not ${type}: a simple content type can be sent by any web page` } },
          415,
        );
      }
    }
    return next();
  };
}

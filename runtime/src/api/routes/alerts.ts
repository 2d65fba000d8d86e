import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { ApiDeps } from '../deps';
import { principalOf } from '../../auth/principal';
import { apiError, errorSchema, notFound, validationHook } from '../errors';
import { idParam, isUuid } from '../schemas';
import type { AlertService } from '../../alerts/service';
import { acknowledgeSchema, webhookCreateSchema, webhookUpdateSchema } from '../../alerts/schemas';
import { alertView, deliveryView, webhookView } from '../../alerts/view';
import { alertAckResponseSchema, alertListResponseSchema, alertViewSchema, deliveryViewSchema, webhookCreatedResponseSchema, webhookViewSchema } from '@coinlab/shared';

const json = <T extends z.ZodType>(schema: T, description: string) => ({ content: { 'application/json': { schema } }, description });
const errors = { 400: json(errorSchema, 'Invalid input'), 404: json(errorSchema, 'Unknown id'), 503: json(errorSchema, 'Alerts unavailable') };

// The response shapes are the shared API contract (shared/src/api/alerts.ts), named for the OpenAPI document.
const alertSchema = alertViewSchema.meta({ id: 'Alert' });
const webhookSchema = webhookViewSchema.meta({ id: 'Webhook' });
const deliverySchema = deliveryViewSchema.meta({ id: 'WebhookDelivery' });
const listAnswer = z.object({ alerts: z.array(alertSchema), unacknowledged: alertListResponseSchema.shape.unacknowledged.describe('Open (unacknowledged) alerts in all') });

const listQuery = z.object({
  all: z.enum(['0', '1', 'true', 'false']).optional().openapi({ description: '1: acknowledged alerts too (default: open ones only)' }),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});
const bulkAckSchema = z
  .object({
    ids: z.array(z.string().uuid()).min(1).max(1000).optional(),
    all: z.literal(true).optional(),
    by: acknowledgeSchema.shape.by,
  })
  .strict()
  .superRefine((v, ctx) => {
    if ((v.ids === undefined) === (v.all === undefined)) ctx.addIssue({ code: 'custom', path: ['ids'], message: 'give either "ids" (alert ids) or "all": true' });
  });

const alertTags = ['alerts'];
const hookTags = ['webhooks'];
const listRoute = createRoute({ method: 'get', path: '/alerts', tags: alertTags, request: { query: listQuery }, responses: { 200: json(listAnswer, 'Alerts, newest first'), ...errors } });
const getRoute = createRoute({ method: 'get', path: '/alerts/{id}', tags: alertTags, request: { params: idParam }, responses: { 200: json(z.object({ alert: alertSchema }), 'The alert'), ...errors } });
const ackRoute = createRoute({
  method: 'post',
  path: '/alerts/{id}/acknowledge',
  tags: alertTags,
  request: { params: idParam, body: { ...json(acknowledgeSchema, 'Who acknowledges (default "local user")'), required: false } },
  responses: { 200: json(z.object({ alert: alertSchema }), 'Acknowledged (an earlier acknowledgement is kept)'), ...errors },
});
const bulkAckRoute = createRoute({
  method: 'post',
  path: '/alerts/acknowledge',
  tags: alertTags,
  request: { body: json(bulkAckSchema, '{"ids": [...]} or {"all": true}; one unknown id refuses the whole request') },
  responses: { 200: json(alertAckResponseSchema, 'Ids acknowledged by this request'), ...errors },
});
const hooksRoute = createRoute({ method: 'get', path: '/webhooks', tags: hookTags, responses: { 200: json(z.object({ webhooks: z.array(webhookSchema) }), 'Webhooks (secrets are never shown again)'), ...errors } });
const hookCreateRoute = createRoute({
  method: 'post',
  path: '/webhooks',
  tags: hookTags,
  request: { body: json(webhookCreateSchema, 'Where to POST alerts; `kinds` filters them (empty: all)') },
  responses: { 201: json(z.object({ webhook: webhookSchema, secret: webhookCreatedResponseSchema.shape.secret.describe('The HMAC-SHA256 key; shown only here') }), 'Created'), ...errors },
});
const hookGetRoute = createRoute({ method: 'get', path: '/webhooks/{id}', tags: hookTags, request: { params: idParam }, responses: { 200: json(z.object({ webhook: webhookSchema }), 'The webhook'), ...errors } });
const hookUpdateRoute = createRoute({ method: 'patch', path: '/webhooks/{id}', tags: hookTags, request: { params: idParam, body: json(webhookUpdateSchema, 'Fields to change') }, responses: { 200: json(z.object({ webhook: webhookSchema }), 'Changed'), ...errors } });
const hookDeleteRoute = createRoute({ method: 'delete', path: '/webhooks/{id}', tags: hookTags, request: { params: idParam }, responses: { 204: { description: 'Deleted, with its pending deliveries' }, ...errors } });
const hookDeliveriesRoute = createRoute({
  method: 'get',
  path: '/webhooks/{id}/deliveries',
  tags: hookTags,
  request: { params: idParam },
  responses: { 200: json(z.object({ deliveries: z.array(deliverySchema) }), 'Its latest deliveries: attempts, next attempt, last error'), ...errors },
});

/** Alerts (list, acknowledge) and webhooks (CRUD, deliveries). Bad input is refused naming the field; nothing changes. */
export function alertRoutes(deps: ApiDeps) {
  const unavailable = (c: Context) => apiError(c, 503, 'unavailable', 'alerts are not available in this server');
  const refused = (c: Context, r: { status: 404; path: string; message: string }) => apiError(c, r.status, 'not_found', `${r.path}: ${r.message}`, [{ path: r.path, message: r.message }]);
  /** The service, once the id (if any) looks like one: an id that cannot exist is a 404 without a query. */
  /** Who acknowledges when the body does not say: the signed-in user's name. */
  const signedInName = async (c: Parameters<typeof principalOf>[0]) => {
    const id = principalOf(c).userId;
    return (await deps.store.users.get(id))?.name ?? id;
  };
  const service = (id?: string): AlertService | 'unavailable' | 'unknown' => (!deps.alerts ? 'unavailable' : id !== undefined && !isUuid(id) ? 'unknown' : deps.alerts);
  return new OpenAPIHono({ defaultHook: validationHook })
    .openapi(listRoute, async (c) => {
      const svc = service();
      if (svc === 'unavailable' || svc === 'unknown') return unavailable(c);
      const q = c.req.valid('query');
      const all = q.all === '1' || q.all === 'true';
      const [alerts, unacknowledged] = await Promise.all([svc.list(principalOf(c).userId, { all, limit: q.limit }), svc.countUnacknowledged(principalOf(c).userId)]);
      return c.json({ alerts: alerts.map(alertView), unacknowledged }, 200);
    })
    .openapi(bulkAckRoute, async (c) => {
      const svc = service();
      if (svc === 'unavailable' || svc === 'unknown') return unavailable(c);
      const body = c.req.valid('json');
      let acknowledged: string[];
      const by = body.by ?? (await signedInName(c));
      if (body.all) acknowledged = (await svc.acknowledgeAll(principalOf(c).userId, by)).map((a) => a.id);
      else {
        const r = await svc.acknowledge(principalOf(c).userId, body.ids ?? [], by);
        if (!r.ok) return refused(c, r);
        acknowledged = r.alerts.map((a) => a.id);
      }
      return c.json({ acknowledged, unacknowledged: await svc.countUnacknowledged(principalOf(c).userId) }, 200);
    })
    .openapi(getRoute, async (c) => {
      const { id } = c.req.valid('param');
      const svc = service(id);
      if (svc === 'unavailable') return unavailable(c);
      const a = svc === 'unknown' ? undefined : await svc.get(principalOf(c).userId, id);
      return a ? c.json({ alert: alertView(a) }, 200) : notFound(c, 'alert', id);
    })
    .openapi(ackRoute, async (c) => {
      const { id } = c.req.valid('param');
      const svc = service(id);
      if (svc === 'unavailable') return unavailable(c);
      if (svc === 'unknown') return notFound(c, 'alert', id);
      const r = await svc.acknowledge(principalOf(c).userId, [id], c.req.valid('json')?.by ?? (await signedInName(c)));
      if (!r.ok) return refused(c, { ...r, path: 'id' });
      return c.json({ alert: alertView(r.alerts[0]!) }, 200);
    })
    .openapi(hooksRoute, async (c) => {
      const svc = service();
      if (svc === 'unavailable' || svc === 'unknown') return unavailable(c);
      return c.json({ webhooks: (await svc.listWebhooks(principalOf(c).userId)).map(webhookView) }, 200);
    })
    .openapi(hookCreateRoute, async (c) => {
      const svc = service();
      if (svc === 'unavailable' || svc === 'unknown') return unavailable(c);
      const w = await svc.createWebhook(principalOf(c).userId, c.req.valid('json'));
      return c.json({ webhook: webhookView(w), secret: w.secret }, 201);
    })
    .openapi(hookGetRoute, async (c) => {
      const { id } = c.req.valid('param');
      const svc = service(id);
      if (svc === 'unavailable') return unavailable(c);
      const w = svc === 'unknown' ? undefined : await svc.getWebhook(principalOf(c).userId, id);
      return w ? c.json({ webhook: webhookView(w) }, 200) : notFound(c, 'webhook', id);
    })
    .openapi(hookUpdateRoute, async (c) => {
      const { id } = c.req.valid('param');
      const svc = service(id);
      if (svc === 'unavailable') return unavailable(c);
      if (svc === 'unknown') return notFound(c, 'webhook', id);
      const r = await svc.updateWebhook(principalOf(c).userId, id, c.req.valid('json'));
      return r.ok ? c.json({ webhook: webhookView(r.webhook) }, 200) : refused(c, r);
    })
    .openapi(hookDeleteRoute, async (c) => {
      const { id } = c.req.valid('param');
      const svc = service(id);
      if (svc === 'unavailable') return unavailable(c);
      if (svc === 'unknown' || !(await svc.deleteWebhook(principalOf(c).userId, id))) return notFound(c, 'webhook', id);
      return c.body(null, 204);
    })
    .openapi(hookDeliveriesRoute, async (c) => {
      const { id } = c.req.valid('param');
      const svc = service(id);
      if (svc === 'unavailable') return unavailable(c);
      if (svc === 'unknown' || !(await svc.getWebhook(principalOf(c).userId, id))) return notFound(c, 'webhook', id);
      return c.json({ deliveries: (await svc.deliveries(id)).map(deliveryView) }, 200);
    });
}

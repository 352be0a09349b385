/**
 * mem0's webhooks, stored and delivered (engine/webhooks.ts):
 * - `GET /api/v1/webhooks/projects/{project}/` → `[webhook]`;
 * - `POST` the same path `{url, name, event_types}` → the webhook;
 * - `PUT /api/v1/webhooks/{id}/` `{name?, url?, event_types?}` → `{message, ...webhook}`;
 * - `DELETE /api/v1/webhooks/{id}/` → `{message}`.
 * A webhook is `{webhook_id, name, url, event_types, is_active, project, created_at,
 * updated_at}`. A url whose host is not on the server's allow-list (`--webhook-hosts`),
 * or that resolves to a private/loopback address without `--webhook-allow-private`, is
 * refused (400) and not stored. Webhooks receive every user's memory events, so only a
 * project-level caller (a project key, or auth off) may list or change them (403 otherwise).
 */
import { Hono } from 'hono';
import { MnemoError } from '../../../core/errors.js';
import type { Webhook } from '../../../core/platform.js';
import type { WebhookPolicy } from '../../../engine/webhooks.js';
import type { AppEnv, HttpDeps } from '../../context.js';
import { assertProjectLevel, assertThisProject } from './project.js';
import { checkFields, pathParam, readBody, slashed, stringList } from './request.js';

/** A webhook in mem0's shape. */
export function toMem0Webhook(w: Webhook): Record<string, unknown> {
  return {
    webhook_id: w.id, name: w.name, url: w.url, event_types: w.eventTypes, is_active: w.isActive, project: w.projectId,
    created_at: w.createdAt, updated_at: w.updatedAt,
  };
}

function webhookId(value: string): number {
  const id = Number(value);
  if (!Number.isInteger(id) || id < 1) throw new MnemoError('INVALID_INPUT', 'webhook id must be a positive integer');
  return id;
}

/** Routes of the webhook endpoints. */
export function webhooksRoutes(deps: HttpDeps): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  const { memory } = deps;
  const policy: WebhookPolicy = deps.webhooks ?? { allowHosts: [] };
  const str = (v: unknown, field: string): string => {
    if (typeof v !== 'string') throw new MnemoError('INVALID_INPUT', `${field} must be a string`);
    return v;
  };

  routes.on('GET', slashed('/api/v1/webhooks/projects/:project/'), async (c) => {
    assertThisProject(c);
    assertProjectLevel(c);
    return c.json((await memory.webhooks.list(pathParam(c, 'project'))).map(toMem0Webhook));
  });

  routes.on('POST', slashed('/api/v1/webhooks/projects/:project/'), async (c) => {
    assertThisProject(c);
    assertProjectLevel(c);
    const body = await readBody(c);
    checkFields(body, ['url', 'name', 'event_types'], 'create webhook');
    const hook = await memory.webhooks.create(pathParam(c, 'project'), {
      url: str(body.url, 'url'), name: str(body.name, 'name'), eventTypes: stringList(body.event_types, 'event_types') ?? [],
    }, policy);
    return c.json(toMem0Webhook(hook), 201);
  });

  routes.on('PUT', slashed('/api/v1/webhooks/:id/'), async (c) => {
    assertProjectLevel(c);
    const body = await readBody(c);
    checkFields(body, ['url', 'name', 'event_types'], 'update webhook');
    const hook = await memory.webhooks.update(webhookId(pathParam(c, 'id')), {
      ...(body.url === undefined ? {} : { url: str(body.url, 'url') }),
      ...(body.name === undefined ? {} : { name: str(body.name, 'name') }),
      ...(body.event_types === undefined ? {} : { eventTypes: stringList(body.event_types, 'event_types') }),
    }, policy);
    return c.json({ message: 'Webhook updated successfully', ...toMem0Webhook(hook) });
  });

  routes.on('DELETE', slashed('/api/v1/webhooks/:id/'), async (c) => {
    assertProjectLevel(c);
    await memory.webhooks.delete(webhookId(pathParam(c, 'id')));
    return c.json({ message: 'Webhook deleted successfully' });
  });
  return routes;
}

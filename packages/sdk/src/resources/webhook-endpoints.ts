import {
  CreateWebhookEndpointBody,
  pageOf,
  UpdateWebhookEndpointBody,
  WebhookEndpoint,
} from '@greenlight/core/contract';
import * as z from 'zod';
import { type RequestOptions, segment, type Transport } from '../http';
import { PagedList } from '../pagination';
import { checked } from '../serialize';

export type CreateWebhookEndpointParams = z.input<typeof CreateWebhookEndpointBody>;
export type UpdateWebhookEndpointParams = z.input<typeof UpdateWebhookEndpointBody>;

/** Creation is the only time the signing secret is returned. */
export type CreatedWebhookEndpoint = WebhookEndpoint & { secret: string };
const CreatedWebhookEndpointSchema: z.ZodType<CreatedWebhookEndpoint> = WebhookEndpoint.extend({
  secret: z.string(),
});

const WebhookEndpointPage = pageOf(WebhookEndpoint);

/** Where the platform's signed webhooks are delivered (platform key only). */
export class WebhookEndpoints {
  readonly #t: Transport;
  constructor(transport: Transport) {
    this.#t = transport;
  }

  /** Subscribe a URL; store the returned `secret` to verify deliveries with `webhooks.verify`. */
  async create(
    params: CreateWebhookEndpointParams,
    options?: RequestOptions,
  ): Promise<CreatedWebhookEndpoint> {
    const body = checked(CreateWebhookEndpointBody, params);
    return this.#t.json(
      { method: 'POST', path: 'v1/webhook-endpoints', body, options },
      CreatedWebhookEndpointSchema,
    );
  }

  list(options?: RequestOptions): PagedList<WebhookEndpoint> {
    return new PagedList((cursor) =>
      this.#t.json(
        { method: 'GET', path: 'v1/webhook-endpoints', query: { cursor }, options },
        WebhookEndpointPage,
      ),
    );
  }

  get(endpointId: string, options?: RequestOptions): Promise<WebhookEndpoint> {
    return this.#t.json(
      { method: 'GET', path: `v1/webhook-endpoints/${segment(endpointId)}`, options },
      WebhookEndpoint,
    );
  }

  /** Change the events, or re-enable an endpoint that was disabled after failed deliveries. */
  async update(
    endpointId: string,
    params: UpdateWebhookEndpointParams,
    options?: RequestOptions,
  ): Promise<WebhookEndpoint> {
    const body = checked(UpdateWebhookEndpointBody, params);
    return this.#t.json(
      { method: 'PATCH', path: `v1/webhook-endpoints/${segment(endpointId)}`, body, options },
      WebhookEndpoint,
    );
  }

  delete(endpointId: string, options?: RequestOptions): Promise<void> {
    return this.#t.empty({ method: 'DELETE', path: `v1/webhook-endpoints/${segment(endpointId)}`, options });
  }
}

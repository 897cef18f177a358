import type { HttpHandler, HttpRequest, HttpResponseInit } from '@azure/functions';
import type { Handler } from '@forestfn/service';

/**
 * Adapts a web-standard handler to an Azure Functions HTTP handler: the HttpRequest becomes a Request
 * (method, URL with its query, headers, body stream), the Response an HttpResponseInit.
 */
export function toAzureHandler(handler: Handler): HttpHandler {
  return async (request: HttpRequest): Promise<HttpResponseInit> => {
    const hasBody = request.method !== 'GET' && request.method !== 'HEAD' && request.body !== null;
    // The body stays a stream, so the service's size limit stops reading it early.
    const init = hasBody ? { body: request.body, duplex: 'half' } : {};
    const response = await handler(
      new Request(request.url, { method: request.method, headers: request.headers, ...init } as RequestInit),
    );
    return {
      status: response.status,
      headers: Object.fromEntries(response.headers),
      body: new Uint8Array(await response.arrayBuffer()),
    };
  };
}

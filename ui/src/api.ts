// The one way the UI reaches berth: the generated client (../berth-client.ts, `make client`) over
// Docker Desktop's vm.service, with every answer or failure reported to the Connection.
import {
  createBerthClient,
  serviceTransport,
  toBerthError,
  type BerthClient,
  type HttpMethod,
  type ServiceLike,
  type Transport,
} from "../berth-client";
import { Connection, isLost } from "./state/connection";

/** vm.service as Desktop gives it: the ServiceLike methods plus request() for headers. */
export interface DesktopService extends ServiceLike {
  request?(config: {
    url: string;
    method: string;
    headers: Record<string, string>;
    data?: unknown;
  }): Promise<unknown>;
}

export interface Api {
  client: BerthClient;
  /** The same client, sending these headers too (If-Match); needs vm.service.request. */
  withHeaders(headers: Record<string, string>): BerthClient;
  connection: Connection;
}

// Headers go through vm.service.request(), the one call of the SDK that takes them.
export function headerTransport(service: DesktopService, headers: Record<string, string>): Transport {
  return {
    send(method: HttpMethod, path: string, body: unknown) {
      if (!service.request) return Promise.reject(new Error("this Docker Desktop cannot send headers"));
      const config = { url: path, method, headers: { ...headers }, data: body };
      if (body !== undefined) config.headers["Content-Type"] = "application/json";
      return service.request(config);
    },
  };
}

export function monitored(inner: Transport, connection: Connection): Transport {
  return {
    async send(method, path, body) {
      try {
        const reply = await inner.send(method, path, body);
        connection.reportSuccess();
        return reply;
      } catch (error) {
        const failure = toBerthError(error);
        if (isLost(failure)) connection.reportFailure(failure);
        else connection.reportSuccess(); // berth answered, if only with an error
        throw failure;
      }
    },
  };
}

export function createApi(service: DesktopService): Api {
  const plain = serviceTransport(service);
  // The probe goes around the monitor: its own failures must not restart the back-off.
  const probeClient = createBerthClient(plain);
  const connection = new Connection(() => probeClient.berth.health());
  return {
    client: createBerthClient(monitored(plain, connection)),
    withHeaders: (headers) => createBerthClient(monitored(headerTransport(service, headers), connection)),
    connection,
  };
}

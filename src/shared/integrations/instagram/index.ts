export { createInstagramClient, type ContainerStatusCode, type InstagramClient, type InstagramClientOptions } from './instagram-client.ts';
export { InstagramError, type InstagramFailureKind } from './instagram-error.ts';

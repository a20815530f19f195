import { z } from 'zod';
import { extendZodWithOpenApi } from '@asteasolutions/zod-to-openapi';

/**
 * zod with `.openapi()`: the partner API's schemas validate requests and generate the OpenAPI
 * document from the same objects. Import `z` from here in the partner API's schema files.
 */
extendZodWithOpenApi(z);

export { z };

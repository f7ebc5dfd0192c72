import { problem } from '@casebook/contracts';

/** The error responses every route documents, so the OpenAPI document shows their shape. */
export const errorResponses = {
  400: problem,
  401: problem,
  403: problem,
  404: problem,
  409: problem,
  422: problem,
  429: problem,
} as const;

import type { BatchResult } from './hubspot-batch.service';

/**
 * Sets a batch's HTTP status as HubSpot answers it, `success` (200 or 201) or 207 when some inputs
 * failed, on the controller's response.
 */
export function batchStatus<T>(
  response: { status(code: number): unknown },
  result: BatchResult<T>,
  success: number,
): BatchResult<T> {
  response.status(result.errors ? 207 : success);
  return result;
}

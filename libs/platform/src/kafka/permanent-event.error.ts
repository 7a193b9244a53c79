import { RpcException } from '@nestjs/microservices';

/**
 * Thrown by an event handler for a message that can never be processed (it contradicts the
 * domain, not a passing outage): the message goes to the dead-letter topic instead of being
 * retried. It is an RpcException so that it survives Nest's RPC exception layer as a marked
 * object.
 */
export class PermanentEventError extends RpcException {
  constructor(reason: string) {
    super({ permanent: true, reason });
  }
}

export function permanentReason(error: unknown): string | null {
  if (error instanceof PermanentEventError) return (error.getError() as { reason: string }).reason;
  if (typeof error === 'object' && error !== null && (error as { permanent?: unknown }).permanent === true) {
    return String((error as { reason?: unknown }).reason);
  }
  return null;
}

import { TeamsAdapter } from '@microsoft/teams-ai';
import type { Activity, TurnContext } from 'botbuilder';
import type { AuthenticateRequestResult } from 'botframework-connector';
import type { Request, Response } from 'express';
import type { Logger } from '../log.js';
import { authFailure, type BotAuth } from './auth.js';
import { tenantOf, turnFields } from './identity.js';

/** The adapter, able to run a turn from a request the server has already authenticated. */
export class HeadwayAdapter extends TeamsAdapter {
  runAuthenticated(result: AuthenticateRequestResult, activity: Activity, logic: (context: TurnContext) => Promise<void>) {
    return this.processActivity(result, activity, logic);
  }
}

/** What someone in a tenant that is not allowed sees, once: nothing of anyone, nothing stored. */
export const NOT_AVAILABLE = 'Headway is not available in your organisation.';

/**
 * One POST /api/messages, from the HTTP request to the turn.
 *
 * @remarks
 * With a bot id the token is checked here, before the SDK sees the request, so that a refusal is
 * a bare 401 (a token that is wrong) or 503 (the signing keys could not be read) whose body names
 * nothing internal, with a log line carrying the activity id and the reason; the SDK's own error
 * path answers 500 with its error text (a DNS error, "invalid signature"). Then the tenant: when
 * ALLOWED_TENANTS is set, another tenant's activity runs none of the app (nothing stored, no
 * conversation reference kept) and gets at most one line back.
 */
export async function handleInbound(
  deps: { adapter: HeadwayAdapter; auth: BotAuth; allowedTenants: string[]; log: Logger },
  req: Request,
  res: Response,
  logic: (context: TurnContext) => Promise<void>,
): Promise<void> {
  const activity = req.body as Activity;
  if (typeof activity !== 'object' || activity === null || typeof activity.type !== 'string' || activity.type === '') {
    res.status(400).json({ error: 'Bad request' });
    return;
  }
  const tenantId = tenantOf(activity);
  const allowed = deps.allowedTenants.length === 0 || (tenantId !== undefined && deps.allowedTenants.includes(tenantId));
  const turn = allowed ? logic : refuseTenant;
  const header = req.headers.authorization ?? '';
  let result: AuthenticateRequestResult;
  try {
    result = await deps.auth.authentication.authenticateRequest(activity, header);
  } catch (error) {
    const failure = authFailure(error);
    deps.log.warn({ ...turnFields(activity), reason: failure.reason }, failure.kind === 'refused' ? 'request refused: token not accepted' : 'request refused: the token could not be checked');
    if (failure.kind === 'refused') res.status(401).json({ error: 'Unauthorized' });
    else res.status(503).set('Retry-After', '5').json({ error: 'Service unavailable' });
    return;
  }
  if (!allowed) deps.log.warn(turnFields(activity), 'request refused: tenant not allowed');
  const answer = await deps.adapter.runAuthenticated(result, activity, turn);
  res.status(answer?.status ?? 200);
  if (answer?.body !== undefined) res.json(answer.body);
  res.end();
}

/** Another tenant's activity: a message or a card action gets one line; nothing else happens. */
async function refuseTenant(context: TurnContext): Promise<void> {
  if (context.activity.type === 'message') await context.sendActivity(NOT_AVAILABLE);
  if (context.activity.type === 'invoke') {
    await context.sendActivity({ type: 'invokeResponse', value: { status: 200, body: { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: NOT_AVAILABLE } } });
  }
}

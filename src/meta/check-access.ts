/**
 * The connect check: does this token reach this ad account, with the permissions adpilot needs? Two Graph API
 * reads in parallel under one short deadline, because Slack wants the modal's answer within 3 seconds.
 */
import { z } from 'zod';
import { MetaClient } from './client.ts';
import { MetaApiError, MetaAuthError, MetaInvalidParameterError, MetaPermissionError } from './errors.ts';

export interface AccountFacts {
  name: string;
  currency: string;
  timezone: string;
}

/** Which input a failed check is about (the modal shows it under that field), and what to tell the person. */
export type AccessProblem = { field: 'account' | 'token'; message: string };

const accountSchema = z.object({
  name: z.string(),
  currency: z.string(),
  timezone_name: z.string(),
  account_status: z.number(),
  disable_reason: z.number().optional(),
});
const permissionsSchema = z.object({
  data: z.array(z.object({ permission: z.string(), status: z.string() })),
});

// Meta's account_status: 1 active; 2 disabled and 101 closed cannot run ads, so there is nothing to watch.
const DEAD_STATUS: Record<number, string> = { 2: 'disabled', 101: 'closed' };

function problemOf(error: unknown, accountId: string, timeoutMs: number): AccessProblem {
  if (error instanceof MetaAuthError)
    return { field: 'token', message: 'Meta rejected this token (invalid or expired). Paste a current token.' };
  // Meta answers a token without access to the account exactly like an unknown id (code 100, subcode 33).
  if (error instanceof MetaInvalidParameterError)
    return {
      field: 'token',
      message: `This token cannot read ${accountId}: it is for another account, or the account was not assigned to its system user.`,
    };
  if (error instanceof MetaPermissionError)
    return { field: 'token', message: 'This token lacks a permission on the account (ads_read at least).' };
  if (error instanceof MetaApiError && error.code === -1 && /abort|timeout/i.test(error.message))
    return { field: 'token', message: `Meta did not answer within ${timeoutMs / 1000} s; submit again.` };
  return {
    field: 'token',
    message: `Meta could not check this token: ${error instanceof Error ? error.message : String(error)}`,
  };
}

/**
 * Reads the account's name, currency and timezone and the token's granted permissions.
 * Never throws: a failure is an AccessProblem. The token is never part of a message.
 */
export async function checkAccountAccess(o: {
  baseUrl: string;
  token: string;
  accountId: string;
  needManagement: boolean;
  timeoutMs: number;
  fetch?: typeof fetch;
}): Promise<AccountFacts | AccessProblem> {
  const client = new MetaClient({
    baseUrl: o.baseUrl,
    accessToken: o.token,
    signal: AbortSignal.timeout(o.timeoutMs),
    ...(o.fetch ? { fetch: o.fetch } : {}),
  });
  try {
    const [account, permissions] = await Promise.all([
      client.request(
        'GET',
        o.accountId,
        { fields: 'name,currency,timezone_name,account_status,disable_reason' },
        accountSchema,
      ),
      client.request('GET', 'me/permissions', {}, permissionsSchema),
    ]);
    const granted = new Set(permissions.data.filter((p) => p.status === 'granted').map((p) => p.permission));
    const needed = ['ads_read', ...(o.needManagement ? ['ads_management'] : [])];
    const missing = needed.filter((p) => !granted.has(p));
    if (missing.length)
      return {
        field: 'token',
        message:
          `This token lacks ${missing.join(' and ')}` +
          (o.needManagement && missing.includes('ads_management')
            ? ' (needed because the action executor is on).'
            : '.'),
      };
    const dead = DEAD_STATUS[account.account_status];
    if (dead)
      return {
        field: 'account',
        message: `Meta reports ${o.accountId} as ${dead} (disable reason ${account.disable_reason ?? 0}).`,
      };
    return { name: account.name, currency: account.currency, timezone: account.timezone_name };
  } catch (error) {
    return problemOf(error, o.accountId, o.timeoutMs);
  }
}

export const isAccessProblem = (r: AccountFacts | AccessProblem): r is AccessProblem => 'field' in r;

import { describe, expect, it } from '@jest/globals';
import { signRequest, verifySlackSignature } from '../../../src/emulators/slack/signing.ts';

const SECRET = 'shhh';
const BODY = 'command=%2Fscore&text=';
const NOW = 1_790_000_000_000;
const ts = NOW / 1000;

describe('signing', () => {
  it('matches the v0 HMAC-SHA256 of "v0:ts:body" (Slack\'s documented example)', () => {
    // https://api.slack.com/authentication/verifying-requests-from-slack (the signing secret and body there).
    const body =
      'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';
    expect(signRequest('8f742231b10e8888abcd99yyyzzz85a5', body, 1531420618)['x-slack-signature']).toBe(
      'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503',
    );
  });

  it('verifies what it signs', () => {
    expect(verifySlackSignature(SECRET, BODY, signRequest(SECRET, BODY, ts), NOW)).toEqual({ ok: true });
  });

  it('rejects a changed body, another secret, a stale timestamp and missing headers', () => {
    const headers = signRequest(SECRET, BODY, ts);
    expect(verifySlackSignature(SECRET, `${BODY}x`, headers, NOW)).toEqual({ ok: false, reason: 'bad_signature' });
    expect(verifySlackSignature('other', BODY, headers, NOW)).toEqual({ ok: false, reason: 'bad_signature' });
    expect(verifySlackSignature(SECRET, BODY, signRequest(SECRET, BODY, ts - 301), NOW)).toEqual({
      ok: false,
      reason: 'stale_timestamp',
    });
    expect(verifySlackSignature(SECRET, BODY, {}, NOW)).toEqual({ ok: false, reason: 'missing_headers' });
  });

  it('accepts a timestamp just inside the 5-minute window', () => {
    expect(verifySlackSignature(SECRET, BODY, signRequest(SECRET, BODY, ts - 299), NOW)).toEqual({ ok: true });
  });
});

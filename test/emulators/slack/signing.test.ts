import { describe, expect, it } from '@jest/globals';
import { verifySlackRequest } from '@slack/bolt';
import { signRequest, type SignedHeaders } from '../../../src/emulators/slack/signing.ts';

const SECRET = 'shhh';
const BODY = 'command=%2Fscore&text=';
const NOW = 1_790_000_000_000;
const ts = NOW / 1000;

/** Bolt's own verifier, fed the way Bolt's HTTPReceiver feeds it (the timestamp header as a number). */
const boltVerifies = (secret: string, body: string, headers: SignedHeaders) => () =>
  verifySlackRequest({
    signingSecret: secret,
    body,
    headers: {
      'x-slack-signature': headers['x-slack-signature'],
      'x-slack-request-timestamp': Number(headers['x-slack-request-timestamp']),
    },
    nowMilliseconds: NOW,
  });

describe('signing', () => {
  it('matches the v0 HMAC-SHA256 of "v0:ts:body" (Slack\'s documented example)', () => {
    // https://api.slack.com/authentication/verifying-requests-from-slack (the signing secret and body there).
    const body =
      'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';
    expect(signRequest('8f742231b10e8888abcd99yyyzzz85a5', body, 1531420618)['x-slack-signature']).toBe(
      'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503',
    );
  });

  it("passes Bolt's verifySlackRequest", () => {
    expect(boltVerifies(SECRET, BODY, signRequest(SECRET, BODY, ts))).not.toThrow();
  });

  it('is rejected by Bolt for a changed body, another secret, a stale timestamp and no signature', () => {
    const headers = signRequest(SECRET, BODY, ts);
    expect(boltVerifies(SECRET, `${BODY}x`, headers)).toThrow(/signature mismatch/);
    expect(boltVerifies('other', BODY, headers)).toThrow(/signature mismatch/);
    expect(boltVerifies(SECRET, BODY, signRequest(SECRET, BODY, ts - 301))).toThrow(/stale/);
    expect(boltVerifies(SECRET, BODY, { ...headers, 'x-slack-signature': '' })).toThrow(/unknown signature version/);
  });

  it('is accepted by Bolt just inside the 5-minute window', () => {
    expect(boltVerifies(SECRET, BODY, signRequest(SECRET, BODY, ts - 299))).not.toThrow();
  });
});

import { describe, expect, it } from '@jest/globals';
import { assertValid, BlockKitLimitError, validateMessage, validateView } from '../../../src/slack/blocks/limits.ts';

const sectionOf = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text } });
const buttonOf = (action_id: string, extra: Record<string, unknown> = {}) => ({
  type: 'button',
  text: { type: 'plain_text', text: 'Go' },
  action_id,
  ...extra,
});
const paths = (v: { path: string }[]) => v.map((x) => x.path);

describe('validateMessage', () => {
  it('accepts a small well-formed message', () => {
    expect(validateMessage({ text: 'hi', blocks: [sectionOf('hello'), { type: 'divider' }] })).toEqual([]);
  });

  it('rejects more than 50 blocks with a pointer to /blocks', () => {
    const blocks = Array.from({ length: 51 }, () => ({ type: 'divider' }));
    expect(paths(validateMessage({ text: 'x', blocks }))).toEqual(['/blocks']);
  });

  it('points at the section text that is longer than 3000 characters', () => {
    expect(paths(validateMessage({ text: 'x', blocks: [{ type: 'divider' }, sectionOf('a'.repeat(3001))] }))).toEqual([
      '/blocks/1/text/text',
    ]);
  });

  it('limits section fields to 10 items of 2000 characters', () => {
    const fields = Array.from({ length: 11 }, (_, i) => ({ type: 'mrkdwn', text: i === 3 ? 'b'.repeat(2001) : 'ok' }));
    expect(paths(validateMessage({ text: 'x', blocks: [{ type: 'section', fields }] }))).toEqual([
      '/blocks/0/fields',
      '/blocks/0/fields/3/text',
    ]);
  });

  it('requires plain_text of at most 150 characters in a header', () => {
    const v = validateMessage({
      text: 'x',
      blocks: [
        { type: 'header', text: { type: 'mrkdwn', text: 'h' } },
        { type: 'header', text: { type: 'plain_text', text: 'h'.repeat(151) } },
      ],
    });
    expect(paths(v)).toEqual(['/blocks/0/text/type', '/blocks/1/text/text']);
  });

  it('checks button text, value and action_id lengths', () => {
    const el = buttonOf('a'.repeat(256), {
      text: { type: 'plain_text', text: 't'.repeat(76) },
      value: 'v'.repeat(2001),
    });
    expect(paths(validateMessage({ text: 'x', blocks: [{ type: 'actions', elements: [el] }] })).sort()).toEqual([
      '/blocks/0/elements/0/action_id',
      '/blocks/0/elements/0/text/text',
      '/blocks/0/elements/0/value',
    ]);
  });

  it('rejects a repeated action_id inside one block but allows it in another block', () => {
    const v = validateMessage({
      text: 'x',
      blocks: [
        { type: 'actions', elements: [buttonOf('approve'), buttonOf('approve')] },
        { type: 'actions', elements: [buttonOf('approve')] },
      ],
    });
    expect(paths(v)).toEqual(['/blocks/0/elements/1/action_id']);
  });

  it('rejects a repeated block_id anywhere in the message', () => {
    const v = validateMessage({
      text: 'x',
      blocks: [
        { ...sectionOf('a'), block_id: 'b' },
        { type: 'divider', block_id: 'b' },
      ],
    });
    expect(paths(v)).toEqual(['/blocks/1/block_id']);
  });

  it('limits context to 10 elements and actions to 25', () => {
    const v = validateMessage({
      text: 'x',
      blocks: [
        { type: 'context', elements: Array.from({ length: 11 }, () => ({ type: 'mrkdwn', text: 'c' })) },
        { type: 'actions', elements: Array.from({ length: 26 }, (_, i) => buttonOf(`a${i}`)) },
      ],
    });
    expect(paths(v)).toEqual(['/blocks/0/elements', '/blocks/1/elements']);
  });

  it('requires image alt text and exactly one image source', () => {
    const v = validateMessage({
      text: 'x',
      blocks: [
        { type: 'image', image_url: 'u'.repeat(3001), alt_text: 'a' },
        { type: 'image', alt_text: 'a'.repeat(2001), image_url: 'https://x', slack_file: { id: 'F1' } },
      ],
    });
    expect(paths(v)).toEqual(['/blocks/0/image_url', '/blocks/1/alt_text', '/blocks/1']);
  });

  it('limits message text to 40,000 characters and needs text or blocks', () => {
    expect(paths(validateMessage({ text: 'x'.repeat(40_001) }))).toEqual(['/text']);
    expect(paths(validateMessage({}))).toEqual(['/text']);
  });

  it('rejects unknown block types and empty text objects', () => {
    expect(paths(validateMessage({ text: 'x', blocks: [{ type: 'banner' }, sectionOf('')] }))).toEqual([
      '/blocks/0/type',
      '/blocks/1/text/text',
    ]);
  });
});

describe('validateView', () => {
  const modal = (over: Record<string, unknown> = {}) => ({
    type: 'modal',
    title: { type: 'plain_text', text: 'Title' },
    submit: { type: 'plain_text', text: 'Send' },
    blocks: [
      {
        type: 'input',
        label: { type: 'plain_text', text: 'Why' },
        element: { type: 'plain_text_input', action_id: 'a', max_length: 3000 },
      },
    ],
    ...over,
  });

  it('accepts a modal with an input and a submit button', () => {
    expect(validateView(modal())).toEqual([]);
  });

  it('limits modal title, submit and close to 24 characters', () => {
    const long = { type: 'plain_text', text: 'x'.repeat(25) };
    expect(paths(validateView(modal({ title: long, submit: long, close: long })))).toEqual([
      '/title/text',
      '/submit/text',
      '/close/text',
    ]);
  });

  it('requires a submit button when the modal has inputs', () => {
    expect(paths(validateView(modal({ submit: undefined })))).toEqual(['/submit']);
  });

  it('limits plain_text_input max_length to 3000 and input labels to 2000', () => {
    const v = validateView(
      modal({
        blocks: [
          {
            type: 'input',
            label: { type: 'plain_text', text: 'l'.repeat(2001) },
            element: { type: 'plain_text_input', action_id: 'a', max_length: 3001 },
          },
        ],
      }),
    );
    expect(paths(v)).toEqual(['/blocks/0/label/text', '/blocks/0/element/max_length']);
  });

  it('allows 100 blocks in a home view but not 101', () => {
    const blocks = (n: number) => Array.from({ length: n }, () => ({ type: 'divider' }));
    expect(validateView({ type: 'home', blocks: blocks(100) })).toEqual([]);
    expect(paths(validateView({ type: 'home', blocks: blocks(101) }))).toEqual(['/blocks']);
  });
});

describe('assertValid', () => {
  it('throws a BlockKitLimitError listing the violations', () => {
    const violations = validateMessage({ text: 'x', blocks: [sectionOf('a'.repeat(3001))] });
    expect(() => assertValid(violations)).toThrow(BlockKitLimitError);
    expect(() => assertValid(violations)).toThrow('/blocks/0/text/text');
  });

  it('returns quietly when there is nothing to report', () => {
    expect(() => assertValid([])).not.toThrow();
  });
});

/**
 * Slack's documented Block Kit limits, checked before a message or view leaves the process. Slack itself
 * answers `invalid_blocks` with JSON pointers; this module answers the same way, offline, so builders'
 * unit tests and the Slack emulator share one definition of "valid".
 */
import { validateElement, validateImageSource, validateTextObject, type Check } from './limits-elements.ts';

export interface Violation {
  /** JSON pointer into the payload, as Slack prints it (`/blocks/3/text/text`). */
  path: string;
  message: string;
}

export const LIMITS = {
  messageBlocks: 50,
  viewBlocks: 100,
  messageText: 40_000,
  blockId: 255,
  sectionText: 3000,
  sectionFields: 10,
  sectionFieldText: 2000,
  headerText: 150,
  contextElements: 10,
  actionsElements: 25,
  imageAltText: 2000,
  imageUrl: 3000,
  imageTitle: 2000,
  inputLabel: 2000,
  inputHint: 2000,
  modalTitle: 24,
  modalButton: 24,
  privateMetadata: 3000,
  callbackId: 255,
} as const;

// Types Slack accepts in messages and views; anything else is `invalid_blocks` there too.
const BLOCK_TYPES = new Set([
  'section',
  'divider',
  'image',
  'actions',
  'context',
  'input',
  'header',
  'file',
  'rich_text',
  'video',
  'markdown',
]);

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function validateBlock(block: unknown, path: string, check: Check): void {
  if (!isObj(block)) return check.fail(path, 'must be an object');
  const type = block.type;
  if (typeof type !== 'string' || !BLOCK_TYPES.has(type))
    return check.fail(`${path}/type`, `unsupported block type ${JSON.stringify(type)}`);
  if (block.block_id !== undefined) {
    check.maxLength(block.block_id, LIMITS.blockId, `${path}/block_id`);
    if (typeof block.block_id === 'string') check.unique('block_id', block.block_id, `${path}/block_id`);
  }
  // action_id must be unique among the elements of one block (Slack's rule; a list may repeat it per row).
  check.startBlock();
  switch (type) {
    case 'section': {
      if (block.text === undefined && block.fields === undefined) check.fail(path, 'a section needs text or fields');
      if (block.text !== undefined) validateTextObject(block.text, `${path}/text`, check, { max: LIMITS.sectionText });
      if (block.fields !== undefined) {
        if (!Array.isArray(block.fields)) check.fail(`${path}/fields`, 'must be an array');
        else {
          if (block.fields.length > LIMITS.sectionFields)
            check.fail(
              `${path}/fields`,
              `must have at most ${LIMITS.sectionFields} items (has ${block.fields.length})`,
            );
          block.fields.forEach((f, i) =>
            validateTextObject(f, `${path}/fields/${i}`, check, { max: LIMITS.sectionFieldText }),
          );
        }
      }
      if (block.accessory !== undefined) validateElement(block.accessory, `${path}/accessory`, check);
      return;
    }
    case 'header':
      return validateTextObject(block.text, `${path}/text`, check, { max: LIMITS.headerText, plainOnly: true });
    case 'context':
      return validateList(block.elements, `${path}/elements`, LIMITS.contextElements, check, (el, p) =>
        isObj(el) && el.type === 'image' ? validateElement(el, p, check) : validateTextObject(el, p, check, {}),
      );
    case 'actions':
      return validateList(block.elements, `${path}/elements`, LIMITS.actionsElements, check, (el, p) =>
        validateElement(el, p, check),
      );
    case 'image':
      validateImageSource(block, path, check);
      if (block.title !== undefined)
        validateTextObject(block.title, `${path}/title`, check, { max: LIMITS.imageTitle, plainOnly: true });
      return;
    case 'input':
      validateTextObject(block.label, `${path}/label`, check, { max: LIMITS.inputLabel, plainOnly: true });
      if (block.hint !== undefined)
        validateTextObject(block.hint, `${path}/hint`, check, { max: LIMITS.inputHint, plainOnly: true });
      if (block.element === undefined) return check.fail(`${path}/element`, 'an input block needs an element');
      return validateElement(block.element, `${path}/element`, check);
    default:
      return;
  }
}

function validateList(
  list: unknown,
  path: string,
  max: number,
  check: Check,
  each: (item: unknown, path: string) => void,
): void {
  if (!Array.isArray(list) || list.length === 0) return check.fail(path, 'must be a non-empty array');
  if (list.length > max) check.fail(path, `must have at most ${max} items (has ${list.length})`);
  list.forEach((item, i) => each(item, `${path}/${i}`));
}

function newCheck(violations: Violation[]): Check {
  const seen = new Map<string, Set<string>>();
  let blockActions = new Set<string>();
  const check: Check = {
    fail: (path, message) => void violations.push({ path, message }),
    maxLength: (value, max, path) => {
      if (value === undefined) return;
      if (typeof value !== 'string') return check.fail(path, 'must be a string');
      if (value.length > max) check.fail(path, `must be at most ${max} characters (has ${value.length})`);
    },
    unique: (kind, value, path) => {
      const set = kind === 'action_id' ? blockActions : (seen.get(kind) ?? seen.set(kind, new Set()).get(kind)!);
      if (set.has(value)) check.fail(path, `duplicate ${kind} ${JSON.stringify(value)}`);
      set.add(value);
    },
    startBlock: () => {
      blockActions = new Set();
    },
  };
  return check;
}

function validateBlockList(blocks: unknown, max: number, check: Check): void {
  if (blocks === undefined) return;
  if (!Array.isArray(blocks)) return check.fail('/blocks', 'must be an array');
  if (blocks.length > max) check.fail('/blocks', `must have at most ${max} blocks (has ${blocks.length})`);
  blocks.forEach((b, i) => validateBlock(b, `/blocks/${i}`, check));
}

/** Violations of a chat message (`chat.postMessage`, `chat.update`, `respond`). Never throws. */
export function validateMessage(message: { text?: unknown; blocks?: unknown }): Violation[] {
  const violations: Violation[] = [];
  const check = newCheck(violations);
  if (message.text !== undefined) check.maxLength(message.text, LIMITS.messageText, '/text');
  if ((message.text === undefined || message.text === '') && message.blocks === undefined)
    check.fail('/text', 'a message needs text or blocks');
  validateBlockList(message.blocks, LIMITS.messageBlocks, check);
  return violations;
}

/** Violations of a modal or App Home view (`views.open`, `views.update`, `views.push`, `views.publish`). Never throws. */
export function validateView(view: unknown): Violation[] {
  const violations: Violation[] = [];
  const check = newCheck(violations);
  if (!isObj(view)) return [{ path: '', message: 'a view must be an object' }];
  if (view.type !== 'modal' && view.type !== 'home') check.fail('/type', 'must be "modal" or "home"');
  if (!Array.isArray(view.blocks)) check.fail('/blocks', 'is required');
  else validateBlockList(view.blocks, LIMITS.viewBlocks, check);
  check.maxLength(view.private_metadata, LIMITS.privateMetadata, '/private_metadata');
  check.maxLength(view.callback_id, LIMITS.callbackId, '/callback_id');
  check.maxLength(view.external_id, LIMITS.callbackId, '/external_id');
  if (view.type === 'modal') {
    validateTextObject(view.title, '/title', check, { max: LIMITS.modalTitle, plainOnly: true });
    for (const key of ['submit', 'close'] as const)
      if (view[key] !== undefined)
        validateTextObject(view[key], `/${key}`, check, { max: LIMITS.modalButton, plainOnly: true });
    const hasInput = Array.isArray(view.blocks) && view.blocks.some((b) => isObj(b) && b.type === 'input');
    if (hasInput && view.submit === undefined) check.fail('/submit', 'a modal with input blocks needs a submit button');
  }
  return violations;
}

export class BlockKitLimitError extends Error {
  readonly violations: Violation[];
  constructor(violations: Violation[]) {
    super(`Block Kit payload breaks Slack's limits: ${violations.map((v) => `${v.path} ${v.message}`).join('; ')}`);
    this.name = 'BlockKitLimitError';
    this.violations = violations;
  }
}

/**
 * Turns a non-empty violation list into an exception.
 * @throws BlockKitLimitError when `violations` is not empty.
 */
export function assertValid(violations: Violation[]): void {
  if (violations.length > 0) throw new BlockKitLimitError(violations);
}

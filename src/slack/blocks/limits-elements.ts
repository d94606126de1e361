/** Limits of text objects and interactive elements (buttons, inputs, selects), shared by every block type. */
/** Collects violations; `unique` tracks ids that must not repeat (block_id per payload, action_id per block). */
export interface Check {
  fail(path: string, message: string): void;
  maxLength(value: unknown, max: number, path: string): void;
  unique(kind: 'block_id' | 'action_id', value: string, path: string): void;
  startBlock(): void;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export const ELEMENT_LIMITS = {
  actionId: 255,
  buttonText: 75,
  buttonValue: 2000,
  buttonUrl: 3000,
  accessibilityLabel: 75,
  placeholder: 150,
  inputLength: 3000,
  imageAltText: 2000,
  imageUrl: 3000,
} as const;

/** An image needs alt text and exactly one source: a public `image_url` or an uploaded `slack_file`. */
export function validateImageSource(image: Obj, path: string, check: Check): void {
  if (typeof image.alt_text !== 'string' || image.alt_text.length === 0) check.fail(`${path}/alt_text`, 'is required');
  else check.maxLength(image.alt_text, ELEMENT_LIMITS.imageAltText, `${path}/alt_text`);
  const hasUrl = image.image_url !== undefined;
  const hasFile = image.slack_file !== undefined;
  if (hasUrl === hasFile) return check.fail(path, 'needs exactly one of image_url or slack_file');
  if (hasUrl) check.maxLength(image.image_url, ELEMENT_LIMITS.imageUrl, `${path}/image_url`);
  if (
    hasFile &&
    !(isObj(image.slack_file) && (typeof image.slack_file.id === 'string' || typeof image.slack_file.url === 'string'))
  )
    check.fail(`${path}/slack_file`, 'needs an id or a url');
}

/** A `plain_text` or `mrkdwn` object. Slack rejects empty text, so does this. */
export function validateTextObject(
  value: unknown,
  path: string,
  check: Check,
  opts: { max?: number; plainOnly?: boolean },
): void {
  if (!isObj(value)) return check.fail(path, 'must be a text object');
  if (value.type !== 'plain_text' && value.type !== 'mrkdwn')
    return check.fail(`${path}/type`, 'must be plain_text or mrkdwn');
  if (opts.plainOnly && value.type !== 'plain_text') check.fail(`${path}/type`, 'must be plain_text');
  if (typeof value.text !== 'string' || value.text.length === 0)
    return check.fail(`${path}/text`, 'must be a non-empty string');
  if (opts.max !== undefined) check.maxLength(value.text, opts.max, `${path}/text`);
}

function validateActionId(el: Obj, path: string, check: Check): void {
  if (el.action_id === undefined) return;
  check.maxLength(el.action_id, ELEMENT_LIMITS.actionId, `${path}/action_id`);
  if (typeof el.action_id === 'string') check.unique('action_id', el.action_id, `${path}/action_id`);
}

function validateButton(el: Obj, path: string, check: Check): void {
  validateTextObject(el.text, `${path}/text`, check, { max: ELEMENT_LIMITS.buttonText, plainOnly: true });
  check.maxLength(el.value, ELEMENT_LIMITS.buttonValue, `${path}/value`);
  check.maxLength(el.url, ELEMENT_LIMITS.buttonUrl, `${path}/url`);
  check.maxLength(el.accessibility_label, ELEMENT_LIMITS.accessibilityLabel, `${path}/accessibility_label`);
  if (el.style !== undefined && el.style !== 'primary' && el.style !== 'danger')
    check.fail(`${path}/style`, 'must be "primary" or "danger"');
}

function validatePlainTextInput(el: Obj, path: string, check: Check): void {
  for (const key of ['max_length', 'min_length'] as const) {
    const v = el[key];
    if (v === undefined) continue;
    const min = key === 'max_length' ? 1 : 0;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > ELEMENT_LIMITS.inputLength)
      check.fail(`${path}/${key}`, `must be an integer from ${min} to ${ELEMENT_LIMITS.inputLength}`);
  }
}

/** Any interactive or image element (section accessory, actions element, input element, context image). */
export function validateElement(el: unknown, path: string, check: Check): void {
  if (!isObj(el) || typeof el.type !== 'string') return check.fail(path, 'must be an element object');
  if (el.type === 'image') return validateImageSource(el, path, check);
  validateActionId(el, path, check);
  if (el.placeholder !== undefined)
    validateTextObject(el.placeholder, `${path}/placeholder`, check, {
      max: ELEMENT_LIMITS.placeholder,
      plainOnly: true,
    });
  if (el.type === 'button') validateButton(el, path, check);
  else if (el.type === 'plain_text_input') validatePlainTextInput(el, path, check);
}

import { has, t } from '@/locales';

/**
 * An API error as a person reads it: the Chinese message for its `code`, and the per-field
 * messages (the gateway's `field: text` lines, translated) keyed by the field's path as the
 * forms name it (`summary`, `parties.0.phone`).
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Chinese messages by field path. */
    readonly fields: Record<string, string[]> = {},
    /** Chinese messages that name no field. */
    readonly general: string[] = [],
    /** Facts some errors carry beside the message (a lost claim's `claimedBy`). */
    readonly details: Pick<ErrorBody, 'claimedBy'> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** The messages beside the fields, first one each, for `<el-form-item :error>`. */
  fieldMessage(path: string): string | undefined {
    return this.fields[path]?.[0];
  }
}

export interface ErrorBody {
  statusCode?: number;
  code?: string;
  error?: string;
  message?: string | string[];
  /** ALREADY_CLAIMED on a claim: who holds the task now. */
  claimedBy?: { id: string; displayName: string | null };
}

/** The contract's `code`, or one derived from the status when the body has none. */
function codeOf(status: number, body: ErrorBody | undefined): string {
  if (body?.code) return body.code;
  const byStatus: Record<number, string> = {
    400: 'VALIDATION_FAILED',
    401: 'UNAUTHORIZED',
    403: 'FORBIDDEN',
    404: 'NOT_FOUND',
    409: 'CONFLICT',
    413: 'PAYLOAD_TOO_LARGE',
    422: 'RULE_VIOLATION',
    429: 'TOO_MANY_REQUESTS',
    500: 'INTERNAL_ERROR',
    502: 'SERVICE_UNAVAILABLE',
    503: 'SERVICE_UNAVAILABLE',
    504: 'SERVICE_UNAVAILABLE',
  };
  return byStatus[status] ?? 'UNKNOWN';
}

export function messageForCode(code: string): string {
  return has(`common.errors.${code}`) ? t(`common.errors.${code}`) : t('common.errors.UNKNOWN');
}

/**
 * The gateway's validation texts (class-validator's and its own), in Chinese. Anything not
 * matched reads "填写有误" rather than English.
 */
const VALIDATION_TEXTS: [RegExp, (m: RegExpMatchArray) => string][] = [
  [/unknown field$/, () => t('common.validation.unknownField')],
  [
    /must be longer than or equal to 1 characters?$|should not be empty$|should not be null or undefined$/,
    () => t('common.validation.required'),
  ],
  [/must be longer than or equal to (\d+) characters?$/, (m) => t('common.validation.minLength', { n: m[1] })],
  [/must be shorter than or equal to (\d+) characters?$/, (m) => t('common.validation.maxLength', { n: m[1] })],
  [/must be one of the following values/, () => t('common.validation.oneOf')],
  [/must be a string$/, () => t('common.validation.notString')],
  [/must be a boolean value$/, () => t('common.validation.notBoolean')],
  [/must contain at least (\d+) elements?$/, (m) => t('common.validation.minItems', { n: m[1] })],
  [/must contain no more than (\d+) elements?$/, (m) => t('common.validation.maxItems', { n: m[1] })],
  [/must be an array$/, () => t('common.validation.notArray')],
  [/must be a valid ISO 8601 date string$/, () => t('common.validation.date')],
  [/must be a UUID$/, () => t('common.validation.uuid')],
  [/must be an integer number$/, () => t('common.validation.integer')],
  [/must not be less than (-?\d+)$/, (m) => t('common.validation.min', { n: m[1] })],
  [/must not be greater than (-?\d+)$/, (m) => t('common.validation.max', { n: m[1] })],
  [/^phone must be/, () => t('common.validation.phone')],
  [/^idNumber must be/, () => t('common.validation.idNumber')],
  [/^unknown grid/, () => t('common.validation.unknownGrid')],
  [/at least one party must have the role APPLICANT/, () => t('common.validation.applicantRequired')],
  [/agreement is required/, () => t('common.validation.agreementRequired')],
];

/**
 * An area's own texts (e.g. the admin desk's rule-table problems), from its locales file; tried
 * before the common ones, so they may be more specific.
 */
export function addValidationTexts(texts: [RegExp, (m: RegExpMatchArray) => string][]): void {
  VALIDATION_TEXTS.unshift(...texts);
}

export function translateValidationText(text: string): string {
  for (const [pattern, render] of VALIDATION_TEXTS) {
    const match = text.match(pattern);
    if (match) return render(match);
  }
  return t('common.validation.invalid');
}

/** `parties.0.phone: phone must be …` → field `parties.0.phone`; lines without a field stay general. */
const FIELD_LINE = /^([A-Za-z_$][\w$]*(?:\.[\w$]+)*): (.+)$/;

export function toApiError(status: number, body: ErrorBody | undefined): ApiError {
  const code = codeOf(status, body);
  const lines = body?.message === undefined ? [] : Array.isArray(body.message) ? body.message : [body.message];
  const fields: Record<string, string[]> = {};
  const general: string[] = [];
  if (code === 'VALIDATION_FAILED' || code === 'RULE_VIOLATION') {
    // A 422 names its field like a 400 when a rule concerns one (an unknown grid, a row of a
    // table); a rule about the case as a whole keeps the code's own message.
    for (const line of lines) {
      const match = FIELD_LINE.exec(line);
      if (code === 'RULE_VIOLATION' && !match) continue;
      const text = translateValidationText(match ? match[2] : line);
      if (match && !['body', 'query'].includes(match[1])) (fields[match[1]] ??= []).push(text);
      else general.push(text);
    }
  }
  // A rule refusal that names fields is read like a bad form: fix what the messages beside them say.
  const headline =
    code === 'RULE_VIOLATION' && Object.keys(fields).length > 0
      ? messageForCode('VALIDATION_FAILED')
      : messageForCode(code);
  return new ApiError(status, code, headline, fields, general, body?.claimedBy ? { claimedBy: body.claimedBy } : {});
}

export function networkError(): ApiError {
  return new ApiError(0, 'NETWORK', messageForCode('NETWORK'));
}

/** The message for any thrown value, in Chinese; `overrides` replace the text of given codes. */
export function errorMessage(error: unknown, overrides: Record<string, string> = {}): string {
  if (error instanceof ApiError) return overrides[error.code] ?? error.message;
  return t('common.errors.UNKNOWN');
}

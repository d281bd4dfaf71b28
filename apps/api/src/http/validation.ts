import { ArgumentMetadata, HttpStatus, Injectable, ValidationError, ValidationPipe } from '@nestjs/common';
import { Transform, Type } from 'class-transformer';
import { getMetadataStorage, ValidateBy, ValidateNested, ValidationOptions } from 'class-validator';
import { ID_PATTERN, isCalendarDate, LIMITS } from '../../../../libs/domain/src/shared/values';
import { ErrorDetail, LedgerHttpError } from './error-body';

type ElementRule = { rule: string; test: (element: unknown) => boolean };

/**
 * Rules checked element by element, so an error can name the element (`participantIds[3]`). Keyed
 * by their constraint name (`eachIsLedgerId`), which differs from the single-value rule's name.
 */
const elementRules = new Map<string, ElementRule>();

function eachElement(rule: ElementRule, options?: ValidationOptions): PropertyDecorator {
  const name = `each${rule.rule[0].toUpperCase()}${rule.rule.slice(1)}`;
  elementRules.set(name, rule);
  return ValidateBy(
    {
      name,
      validator: {
        validate: (value) => Array.isArray(value) && value.every(rule.test),
        defaultMessage: (args) => `every element of ${args?.property} must satisfy ${rule.rule}`,
      },
    },
    options,
  );
}

const isLedgerId = (value: unknown) => typeof value === 'string' && ID_PATTERN.test(value);
/** Control characters (NUL above all: PostgreSQL text cannot hold it) have no place in a name. */
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;
const isText = (value: unknown) =>
  typeof value === 'string' &&
  value.trim().length >= 1 &&
  value.length <= LIMITS.textLength &&
  !CONTROL_CHARACTER.test(value);

/** A client-chosen id: `^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$`. */
export const IsLedgerId = (options?: ValidationOptions) =>
  ValidateBy(
    {
      name: 'isLedgerId',
      validator: { validate: isLedgerId, defaultMessage: (args) => `${args?.property} must match ${ID_PATTERN}` },
    },
    options,
  );

export const EachIsLedgerId = () => eachElement({ rule: 'isLedgerId', test: isLedgerId });

/** Free text of 1 to 200 characters (not only blanks). */
export const IsText = (options?: ValidationOptions) =>
  ValidateBy(
    {
      name: 'isText',
      validator: {
        validate: isText,
        defaultMessage: (args) => `${args?.property} must be text of 1 to ${LIMITS.textLength} characters, without control characters`,
      },
    },
    options,
  );

export const EachIsText = () => eachElement({ rule: 'isText', test: isText });

export const IsCalendarDate = (options?: ValidationOptions) =>
  ValidateBy(
    {
      name: 'isCalendarDate',
      validator: {
        validate: (value) => typeof value === 'string' && isCalendarDate(value),
        defaultMessage: (args) => `${args?.property} must be a real calendar date, YYYY-MM-DD`,
      },
    },
    options,
  );

/** The DTO class of each property that holds nested objects, by the DTO that declares it. */
const nestedTypes = new Map<Function, Map<string, () => Function>>();

/**
 * A list of objects of one DTO class (`items: [{item, quantity, unit}]`): each element is validated
 * and its errors are named by their path (`items[1].quantity`); unknown keys in an element are
 * refused like unknown keys of the body, own keys included (`items[0].constructor`).
 */
export const EachIsNested =
  (type: () => Function): PropertyDecorator =>
  (target, propertyKey) => {
    eachElement({ rule: 'isObject', test: isObject })(target, propertyKey); // not a number, null, or a list in the list
    ValidateNested({ each: true })(target, propertyKey);
    Type(type)(target, propertyKey);
    const byProperty = nestedTypes.get(target.constructor) ?? new Map<string, () => Function>();
    byProperty.set(String(propertyKey), type);
    nestedTypes.set(target.constructor, byProperty);
  };

/** Query strings carry text: `true`/`false` become booleans, anything else stays to fail validation. */
export const ToBoolean = () =>
  Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value));

/** Query strings carry text: a decimal integer becomes a number, anything else stays to fail validation. */
export const ToInteger = () => Transform(({ value }) => (typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value));

/**
 * Whitelist, forbid unknown fields, transform; and answer 400 with one detail per broken rule,
 * each naming the field by its JSON path.
 */
@Injectable()
export class LedgerValidationPipe extends ValidationPipe {
  constructor() {
    super({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      validationError: { target: false, value: true },
      exceptionFactory: (errors) =>
        new LedgerHttpError(HttpStatus.BAD_REQUEST, 'the request is not valid', distinct(errors.flatMap((e) => details(e, '')))),
    });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' && (typeof value !== 'object' || value === null || Array.isArray(value))) {
      throw new LedgerHttpError(HttpStatus.BAD_REQUEST, 'the body must be a JSON object', [{ field: 'body', rule: 'isObject' }]);
    }
    // Query strings too: `?toString=x` names an inherited member as well.
    if ((metadata.type === 'body' || metadata.type === 'query') && metadata.metatype && isObject(value)) {
      rejectUnknownOwnKeys(value, metadata.metatype);
    }
    return super.transform(value, metadata);
  }
}

/**
 * class-validator's whitelist looks field names up in a plain object, so a body key that names an
 * inherited member (`constructor`, `__proto__`, `toString`) passes as known. Check own keys here.
 */
function rejectUnknownOwnKeys(body: object, dto: Function): void {
  const unknown = unknownOwnKeys(body, dto, '');
  if (unknown.length > 0) {
    throw new LedgerHttpError(
      HttpStatus.BAD_REQUEST,
      'the request is not valid',
      unknown.map((field) => ({ field, rule: 'unknownField' })),
    );
  }
}

/** The JSON paths of the unknown own keys of an object and of the nested objects its DTO declares. */
function unknownOwnKeys(value: object, dto: Function, path: string): string[] {
  const known = new Set(
    getMetadataStorage()
      .getTargetValidationMetadatas(dto, '', true, false)
      .map((m) => m.propertyName),
  );
  const at = (key: string) => (path ? `${path}.${key}` : key);
  const unknown = Object.keys(value).filter((key) => !known.has(key)).map(at);
  for (const [key, type] of nestedTypesOf(dto)) {
    if (!Object.prototype.hasOwnProperty.call(value, key)) continue;
    const nested: unknown = (value as Record<string, unknown>)[key];
    if (Array.isArray(nested)) {
      nested.forEach((element, i) => {
        if (isObject(element)) unknown.push(...unknownOwnKeys(element, type(), `${at(key)}[${i}]`));
      });
    } else if (isObject(nested)) {
      unknown.push(...unknownOwnKeys(nested, type(), at(key)));
    }
  }
  return unknown;
}

function nestedTypesOf(dto: Function): Map<string, () => Function> {
  const all = new Map<string, () => Function>();
  for (let c: Function | null = dto; c && c !== Object; c = Object.getPrototypeOf(c)) {
    nestedTypes.get(c)?.forEach((type, key) => all.has(key) || all.set(key, type));
  }
  return all;
}

const isObject = (value: unknown): value is object => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Each field and rule once: a nested element that is not an object is reported by two checks. */
function distinct(all: ErrorDetail[]): ErrorDetail[] {
  const seen = new Set<string>();
  return all.filter((d) => {
    const key = `${d.field}\n${d.rule}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
}

function details(error: ValidationError, parent: string): ErrorDetail[] {
  const field = /^\d+$/.test(error.property)
    ? `${parent}[${error.property}]`
    : parent
      ? `${parent}.${error.property}`
      : error.property;
  const own = Object.keys(error.constraints ?? {}).flatMap((rule): ErrorDetail[] => {
    if (rule === 'whitelistValidation') return [{ field, rule: 'unknownField' }];
    if (rule === 'nestedValidation') return [{ field, rule: 'isObject' }]; // an element that is not an object
    const element = elementRules.get(rule);
    if (element) {
      if (!Array.isArray(error.value)) return [];
      return error.value.flatMap((value, i) => (element.test(value) ? [] : [{ field: `${field}[${i}]`, rule: element.rule }]));
    }
    return [{ field, rule }];
  });
  return [...own, ...(error.children ?? []).flatMap((child) => details(child, field))];
}

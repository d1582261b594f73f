import { type INestApplication, ParseUUIDPipe, type PipeTransform, type Type } from '@nestjs/common';
import { METHOD_METADATA, ROUTE_ARGS_METADATA, SSE_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { ModulesContainer } from '@nestjs/core';
import { getSchemaPath, type OpenAPIObject } from '@nestjs/swagger';
import type {
  OperationObject,
  ParameterObject,
  ReferenceObject,
  ResponseObject,
  SchemaObject,
} from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { getMetadataStorage } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';
import { ALLOWED_ROLES, NO_STORED_ANSWER, PUBLIC_ROUTE } from '../auth/auth.decorators';
import { errorNameOf } from '../common/api-error';
import { ApiErrorBodyDto } from './error-body.dto';

/**
 * Completes the OpenAPI document from what the gateway actually enforces, so that the document
 * is exact without each handler repeating it (npm run test:contract checks it from outside):
 *
 * - every request DTO's constraints come from its class-validator decorators (types, integers,
 *   bounds, lengths, patterns, enums, formats, array sizes, required fields), and a body refuses
 *   unknown fields (`additionalProperties: false`: the pipe's forbidNonWhitelisted);
 * - the errors the guards, pipes and interceptors answer are declared where they apply: 400 where
 *   a body, query or path parameter is validated, 401 where a token is needed, 403 where roles are,
 *   413 for a body, and on every POST that honours an Idempotency-Key the header and its 400, 409
 *   (REQUEST_IN_PROGRESS) and 422 (IDEMPOTENCY_KEY_REUSED);
 * - every error response carries the error body's schema (ApiErrorBodyDto) unless it names its own;
 * - a live stream answers text/event-stream.
 *
 * What only a handler knows (404 of an unknown id, 409/422 of the stage rules, 429 of the receipt
 * look-ups) stays on its decorators (CaseAction, ApiNotFoundResponse, …).
 */
export function completeContract(document: OpenAPIObject, app: INestApplication): OpenAPIObject {
  const handlers = handlerFacts(app);
  const schemas = (document.components ??= {}).schemas ?? {};
  const inputClasses = new Map<string, Function>();

  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of HTTP_METHODS) {
      const operation = (item as Record<string, OperationObject | undefined>)[method];
      if (!operation?.operationId) continue;
      const facts = handlers.get(operation.operationId);
      if (!facts)
        throw new Error(`OpenAPI: no handler found for ${operation.operationId} (${method.toUpperCase()} ${path})`);
      completeOperation(operation, method, facts, inputClasses);
    }
  }

  // Request DTOs (and the DTOs nested in them) as the validation pipe checks them.
  const pending = [...inputClasses.entries()];
  const done = new Set<string>();
  while (pending.length > 0) {
    const [name, cls] = pending.pop()!;
    if (done.has(name)) continue;
    done.add(name);
    const schema = schemas[name] as SchemaObject | undefined;
    if (!schema) continue;
    applyClassConstraints(schema, cls);
    schema.additionalProperties = false;
    forbidNul(schema);
    for (const nested of nestedClasses(cls)) pending.push([nested.name, nested]);
  }
  return document;
}

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

interface PathParamFacts {
  name: string;
  pipes: (PipeTransform | Type<PipeTransform>)[];
}

interface HandlerFacts {
  isPublic: boolean;
  roles: string[] | undefined;
  body: Function | undefined;
  query: Function | undefined;
  pathParams: PathParamFacts[];
  storesAnswer: boolean;
  stream: boolean;
  streamEvents: string[] | undefined;
}

/** What each handler's decorators say, by the operation id Nest's Swagger module gives it. */
function handlerFacts(app: INestApplication): Map<string, HandlerFacts> {
  const facts = new Map<string, HandlerFacts>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as Type<unknown> | null;
      if (!controller) continue;
      for (const name of Object.getOwnPropertyNames(controller.prototype)) {
        const handler = (controller.prototype as Record<string, unknown>)[name];
        if (
          name === 'constructor' ||
          typeof handler !== 'function' ||
          Reflect.getMetadata(METHOD_METADATA, handler) === undefined
        )
          continue;
        const read = <T>(key: string): T | undefined =>
          Reflect.getMetadata(key, handler) ?? Reflect.getMetadata(key, controller);
        const args: Record<string, { index: number; data?: unknown; pipes?: (PipeTransform | Type<PipeTransform>)[] }> =
          Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, name) ?? {};
        const types: Function[] = Reflect.getMetadata('design:paramtypes', controller.prototype, name) ?? [];
        const byKind = (kind: RouteParamtypes) =>
          Object.entries(args)
            .filter(([key]) => key.split(':')[0] === String(kind))
            .map(([, arg]) => arg);
        const body = byKind(RouteParamtypes.BODY)[0];
        const query = byKind(RouteParamtypes.QUERY)[0];
        const method = Reflect.getMetadata(METHOD_METADATA, handler) as number;
        facts.set(`${controller.name}_${name}`, {
          isPublic: read<boolean>(PUBLIC_ROUTE) === true,
          roles: read<string[]>(ALLOWED_ROLES),
          body: body ? types[body.index] : undefined,
          query: query && query.data === undefined ? types[query.index] : undefined,
          pathParams: byKind(RouteParamtypes.PARAM).map((arg) => ({ name: String(arg.data), pipes: arg.pipes ?? [] })),
          // IdempotencyInterceptor: every POST but those whose answer must never be stored.
          storesAnswer: method === 1 /* RequestMethod.POST */ && read<boolean>(NO_STORED_ANSWER) !== true,
          stream: Reflect.getMetadata(SSE_METADATA, handler) === true,
          streamEvents: Reflect.getMetadata(STREAM_EVENTS, handler),
        });
      }
    }
  }
  return facts;
}

const DEFAULT_DESCRIPTIONS: Record<number, string> = {
  400: 'VALIDATION_FAILED: the request does not fit this document; every bad field is named (`path: text`)',
  401: 'UNAUTHORIZED: no, invalid or expired bearer token (or stream ticket), or the account is no longer active',
  403: 'FORBIDDEN: your roles do not allow this',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE: the body is over 256 KiB',
  422: 'RULE_VIOLATION: well-formed, but refused by a rule',
  429: 'TOO_MANY_REQUESTS',
  503: 'SERVICE_UNAVAILABLE',
};

const IDEMPOTENCY_KEY: ParameterObject = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  description:
    'the same key and body within 24 hours returns the first answer and changes nothing more; ' +
    'a key still being handled answers 409 REQUEST_IN_PROGRESS, a key reused for another request 422 IDEMPOTENCY_KEY_REUSED',
  schema: { type: 'string', minLength: 1, maxLength: 200 },
};

function completeOperation(
  operation: OperationObject,
  method: string,
  facts: HandlerFacts,
  inputClasses: Map<string, Function>,
): void {
  const responses = operation.responses;
  const add = (status: number, description?: string) => {
    responses[status] ??= { description: description ?? DEFAULT_DESCRIPTIONS[status] ?? errorNameOf(status) };
  };
  const parameters = (operation.parameters ??= []) as ParameterObject[];

  if (!facts.isPublic) {
    if (!operation.security?.length) operation.security = [{ bearer: [] }];
    add(401);
  }
  if (facts.roles?.length) add(403, `FORBIDDEN: needs one of the roles ${facts.roles.join(', ')}`);

  for (const param of facts.pathParams) {
    const declared = parameters.find((p) => p.in === 'path' && p.name === param.name);
    if (!declared) continue;
    if (param.pipes.some((pipe) => pipe instanceof ParseUUIDPipe)) {
      // ParseUUIDPipe's own check (any version): 8-4-4-4-12 hexadecimal digits.
      declared.schema = { type: 'string', format: 'uuid', pattern: HEX_UUID };
    }
    if (param.pipes.length > 0) add(400);
  }

  if (facts.query) {
    const constraints = classConstraints(facts.query);
    for (const param of parameters.filter((p) => p.in === 'query')) {
      const constraint = constraints.get(param.name);
      if (!constraint) continue;
      param.schema = forbidNul(applyConstraint({ ...(param.schema as SchemaObject) }, constraint));
      param.required = constraint.required;
    }
    add(400);
    if (constraints.has('cursor')) add(422, 'RULE_VIOLATION: a cursor this list did not hand out');
  }
  if (facts.stream) {
    // StreamRequestGuard checks the query and Last-Event-ID before the stream opens.
    add(400);
    if (!parameters.some((p) => p.in === 'header' && p.name.toLowerCase() === 'last-event-id')) {
      parameters.push({
        name: 'Last-Event-ID',
        in: 'header',
        required: false,
        description: 'resume after this event id: every event since comes first',
        schema: { type: 'string', pattern: '^\\d{0,15}$' }, // empty: no id (as StreamRequestGuard reads it)
      });
    }
    // OpenAPI 3.0: the schema of a text/event-stream describes one event.
    const event: SchemaObject = {
      type: 'object',
      required: ['event', 'data'],
      properties: {
        event: facts.streamEvents ? { type: 'string', enum: facts.streamEvents } : { type: 'string' },
        id: {
          type: 'string',
          pattern: '^\\d{1,15}$',
          description: 'the stream position: send it back as Last-Event-ID',
        },
        data: { type: 'string', description: 'JSON (see the summary)' },
        retry: { type: 'integer', minimum: 0 },
      },
    };
    responses[200] = {
      description: (responses[200] as ResponseObject | undefined)?.description || 'the event stream',
      content: { 'text/event-stream': { schema: event } },
    } as ResponseObject;
  }

  if (facts.body) {
    const content =
      operation.requestBody && 'content' in operation.requestBody ? operation.requestBody.content : undefined;
    const schema = content?.['application/json']?.schema as ReferenceObject | undefined;
    if (schema?.$ref) inputClasses.set(schema.$ref.split('/').pop()!, facts.body);
    if (operation.requestBody && 'content' in operation.requestBody && classConstraints(facts.body).size === 0) {
      // An action that takes no body (NoBodyDto): none, or an empty object.
      operation.requestBody.required = false;
    }
    add(400);
    add(413);
  }

  if (facts.storesAnswer && method === 'post') {
    if (!parameters.some((p) => p.in === 'header' && p.name === IDEMPOTENCY_KEY.name))
      parameters.push({ ...IDEMPOTENCY_KEY });
    add(400);
    add(409, 'REQUEST_IN_PROGRESS: a request with this Idempotency-Key is still being handled');
    add(422, 'IDEMPOTENCY_KEY_REUSED: this Idempotency-Key was used for a different request');
  }
  if (parameters.length === 0) delete operation.parameters;

  for (const [status, response] of Object.entries(responses)) {
    if (Number(status) < 400) continue;
    const answer = response as ResponseObject;
    if (!answer.description) answer.description = DEFAULT_DESCRIPTIONS[Number(status)] ?? errorNameOf(Number(status));
    answer.content ??= { 'application/json': { schema: { $ref: getSchemaPath(ApiErrorBodyDto) } } };
  }
}

/** The edge refuses U+0000 in every string of a body or query (common/validation.ts): PostgreSQL cannot store it. */
const NO_NUL = '^[^\\u0000]*$';

/** Free-text strings (no pattern, enum or format of their own) say that they take no U+0000. */
function forbidNul(schema: SchemaObject): SchemaObject {
  const visit = (node: SchemaObject | ReferenceObject | undefined) => {
    if (!node || '$ref' in node) return;
    if (node.type === 'string' && !node.pattern && !node.enum && !node.format) node.pattern = NO_NUL;
    for (const child of Object.values(node.properties ?? {})) visit(child);
    if (node.items) visit(node.items);
  };
  visit(schema);
  return schema;
}

/** ParseUUIDPipe (version 'all'). */
const HEX_UUID = '^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$';
/** class-validator's IsUUID() (validator.js, version 'all'): a version digit 1–8 and the RFC 4122 variant, or the nil and max UUIDs. */
const RFC_UUID =
  '^(?:[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[1-8][0-9A-Fa-f]{3}-[89ABab][0-9A-Fa-f]{3}-[0-9A-Fa-f]{12}|00000000-0000-0000-0000-000000000000|[Ff]{8}-[Ff]{4}-[Ff]{4}-[Ff]{4}-[Ff]{12})$';

interface PropertyConstraint {
  required: boolean;
  /** IsOptional: null is taken as absent. */
  nullable: boolean;
  schema: SchemaObject;
  items: SchemaObject;
}

/** The JSON Schema keywords a class's validation decorators amount to, by property. */
export function classConstraints(cls: Function): Map<string, PropertyConstraint> {
  const metadata: ValidationMetadata[] = getMetadataStorage().getTargetValidationMetadatas(cls, '', true, false);
  const byProperty = new Map<string, PropertyConstraint>();
  for (const m of metadata) {
    let entry = byProperty.get(m.propertyName);
    if (!entry) byProperty.set(m.propertyName, (entry = { required: true, nullable: false, schema: {}, items: {} }));
    if (m.type === 'conditionalValidation') {
      entry.required = false;
      if (m.name === 'isOptional') entry.nullable = true;
      continue;
    }
    const target = m.each ? entry.items : entry.schema;
    const [first] = (m.constraints ?? []) as unknown[];
    switch (m.name) {
      case 'isString':
        target.type = 'string';
        break;
      case 'isBoolean':
        target.type = 'boolean';
        break;
      case 'isInt':
        target.type = 'integer';
        break;
      case 'isArray':
        target.type = 'array';
        break;
      case 'min':
        target.minimum = first as number;
        break;
      case 'max':
        target.maximum = first as number;
        break;
      case 'minLength':
        target.minLength = first as number;
        break;
      case 'maxLength':
        target.maxLength = first as number;
        break;
      case 'matches':
        target.type ??= 'string';
        target.pattern = (first as RegExp).source;
        break;
      case 'isIn':
        target.enum = [...(first as unknown[])];
        break;
      case 'isUuid':
        target.type = 'string';
        target.format = 'uuid';
        target.pattern = RFC_UUID;
        break;
      case 'isDateTime':
        target.type = 'string';
        target.format = 'date-time';
        break;
      case 'isDateOnly':
        target.type = 'string';
        target.format = 'date';
        break;
      case 'arrayMinSize':
        entry.schema.minItems = first as number;
        break;
      case 'arrayMaxSize':
        entry.schema.maxItems = first as number;
        break;
      case 'arrayUnique':
        entry.schema.uniqueItems = true;
        break;
      default:
        break;
    }
  }
  for (const entry of byProperty.values()) {
    if (Object.keys(entry.items).length > 0) entry.schema.type = 'array';
  }
  return byProperty;
}

function applyConstraint(schema: SchemaObject, constraint: PropertyConstraint): SchemaObject {
  const { type, ...rest } = constraint.schema;
  if ('$ref' in schema || schema.allOf) return schema;
  if (type && schema.type !== 'array') schema.type = type;
  Object.assign(schema, rest);
  if (Object.keys(constraint.items).length > 0) {
    const items = ((schema.items as SchemaObject | undefined) ?? {}) as SchemaObject;
    if (!('$ref' in items)) schema.items = { ...items, ...constraint.items };
  }
  if (schema.enum && schema.type === undefined) schema.type = 'string';
  return schema;
}

/** The request DTO's schema as the pipe checks it: each property's constraints and which are required. */
function applyClassConstraints(schema: SchemaObject, cls: Function): void {
  const constraints = classConstraints(cls);
  const properties = (schema.properties ??= {}) as Record<string, SchemaObject>;
  const required = new Set(schema.required ?? []);
  for (const [name, constraint] of constraints) {
    properties[name] = applyConstraint({ ...(properties[name] ?? {}) }, constraint);
    if (constraint.required) required.add(name);
    else required.delete(name);
  }
  if (required.size > 0) schema.required = [...required];
  else delete schema.required;
  const extra = Reflect.getMetadata(SCHEMA_RULES, cls) as SchemaObject | undefined;
  if (extra) Object.assign(schema, extra);
}

/** The DTOs a class validates nested (ValidateNested + Type). */
function nestedClasses(cls: Function): Function[] {
  const metadata: ValidationMetadata[] = getMetadataStorage().getTargetValidationMetadatas(cls, '', true, false);
  const nested = metadata.filter((m) => m.type === 'nestedValidation');
  const out: Function[] = [];
  for (const m of nested) {
    const type = Reflect.getMetadata('design:type', cls.prototype, m.propertyName) as Function | undefined;
    const transformed = transformerType(cls, m.propertyName);
    const found = transformed ?? (type && type !== Array && type !== Object ? type : undefined);
    if (found) out.push(found);
  }
  return out;
}

/** class-transformer's @Type(() => X) of a property. */
function transformerType(cls: Function, property: string): Function | undefined {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { defaultMetadataStorage } = require('class-transformer/cjs/storage') as {
    defaultMetadataStorage: {
      findTypeMetadata(target: Function, property: string): { typeFunction: () => Function } | undefined;
    };
  };
  for (
    let target: Function | null = cls;
    target && target !== Object;
    target = Object.getPrototypeOf(target) as Function | null
  ) {
    const found = defaultMetadataStorage.findTypeMetadata(target, property);
    if (found) return found.typeFunction();
  }
  return undefined;
}

const SCHEMA_RULES = 'contract:schemaRules';
const STREAM_EVENTS = 'contract:streamEvents';

/** The `event:` names a Server-Sent Events handler sends (its schema in the document lists them). */
export const ApiStreamEvents =
  (...names: string[]): MethodDecorator =>
  (_target, _key, descriptor) => {
    Reflect.defineMetadata(STREAM_EVENTS, names, descriptor.value as object);
    return descriptor;
  };

/**
 * A rule between a request DTO's fields that JSON Schema can state (`anyOf`, `minProperties`):
 * merged into the class's schema, beside what its decorators say. The validation must enforce
 * the same (a custom validator or the service), and the contract test checks that it does.
 */
export const ApiSchemaRules =
  (rules: SchemaObject): ClassDecorator =>
  (target) => {
    Reflect.defineMetadata(SCHEMA_RULES, rules, target);
  };

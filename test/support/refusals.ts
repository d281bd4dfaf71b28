import { STATUS_CODES } from 'node:http';
import type { Response } from 'supertest';
import { TestLedger } from './ledger-app';

export interface ExpectedRefusal {
  status: number;
  /** The field the details must name; several when either is a fair answer. */
  field: string | string[];
  /** The rule the detail must name; several when either is a fair answer, none for any. */
  rule: string | string[];
}

/** Asserts the ledger's error body naming field and rule, and that nothing was appended meanwhile. */
export async function expectRefused(
  ledger: TestLedger,
  send: () => PromiseLike<Response>,
  expected: ExpectedRefusal,
): Promise<Response> {
  const before = await ledger.headPosition();
  const res = await send();
  const fields = ([] as string[]).concat(expected.field);
  const rules = ([] as string[]).concat(expected.rule);
  expect({ status: res.status, body: res.body }).toEqual({
    status: expected.status,
    body: {
      statusCode: expected.status,
      error: STATUS_CODES[expected.status],
      message: expect.any(String),
      details: expect.any(Array),
    },
  });
  const details = res.body.details as Array<{ field: string; rule: string }>;
  for (const detail of details) expect(detail).toEqual({ field: expect.any(String), rule: expect.any(String) });
  const named = details.some((d) => fields.includes(d.field) && (rules.length === 0 || rules.includes(d.rule)));
  if (!named) throw new Error(`expected details naming ${fields.join('|')} / ${rules.join('|') || 'any rule'}, got ${JSON.stringify(details)}`);
  expect(res.headers['x-correlation-id']).toBeTruthy();
  expect(await ledger.headPosition()).toBe(before);
  return res;
}

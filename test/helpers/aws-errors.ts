/** Shared by the IAM end-to-end tests: expect an AWS error by code and HTTP status. */
import assert from 'node:assert/strict';

export interface AwsError {
  name: string;
  message: string;
  Code?: string;
  $metadata?: { httpStatusCode?: number };
}

/**
 * Awaits a call that must fail with `code` (the wire code: the SDK's error name is the code or code +
 * 'Exception') and `status`; optionally checks the message.
 */
export async function rejects(p: Promise<unknown>, code: string, status: number, message?: string | RegExp): Promise<AwsError> {
  try {
    await p;
  } catch (e) {
    const err = e as AwsError;
    assert.ok(err.name === code || err.name === `${code}Exception` || err.Code === code, `expected ${code}, got ${err.name}: ${err.message}`);
    assert.equal(err.$metadata?.httpStatusCode, status, `${code} status`);
    if (typeof message === 'string') assert.equal(err.message, message);
    else if (message) assert.match(err.message, message);
    return err;
  }
  assert.fail(`expected ${code}, but the call succeeded`);
}

export const doc = (statement: object | object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statement });

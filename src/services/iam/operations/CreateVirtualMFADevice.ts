import QRCode from 'qrcode';
import { defineOperation } from '../../operation.js';
import { alreadyExists, isUniqueViolation } from '../errors.js';
import { seedAad } from '../mfa.js';
import { newSeed, otpauthUri } from '../totp.js';
import { checkNewTags, tagContext, type Tag } from '../util.js';

export const mfaSerial = (accountId: string, path: string, name: string) => `arn:aws:iam::${accountId}:mfa${path}${name}`;

/**
 * iam:CreateVirtualMFADevice — a fresh TOTP seed (sealed with the key ring at rest), returned once as
 * Base32StringSeed and as a QR code PNG of its otpauth://totp/ URI.
 */
export default defineOperation<{ Path?: string; VirtualMFADeviceName: string; Tags?: Tag[] }, Record<string, unknown>>({
  service: 'iam',
  name: 'CreateVirtualMFADevice',
  checks: (input, { caller }) => [
    { action: 'iam:CreateVirtualMFADevice', resource: mfaSerial(caller.accountId, input.Path ?? '/', input.VirtualMFADeviceName), context: tagContext(input.Tags) },
  ],
  handle: async (input, ctx) => {
    const tags = checkNewTags(input.Tags);
    const path = input.Path ?? '/';
    const serial = mfaSerial(ctx.caller.accountId, path, input.VirtualMFADeviceName);
    const seed = newSeed();
    try {
      await ctx.deps.store.repos.mfaDevices.insert({
        serial,
        account_id: ctx.caller.accountId,
        name: input.VirtualMFADeviceName,
        path,
        seed_cipher: ctx.deps.keyring.encrypt(seed, seedAad(serial)),
        user_id: null,
        enable_date: null,
        created_at: ctx.now,
        last_step: null,
        tags: JSON.stringify(tags),
      });
    } catch (e) {
      if (isUniqueViolation(e)) throw alreadyExists('MFADevice entity at the same path and name already exists.');
      throw e;
    }
    const uri = otpauthUri(seed, `${input.VirtualMFADeviceName}@${ctx.caller.accountId}`, 'Tessera');
    const png = await QRCode.toBuffer(uri, { type: 'png', errorCorrectionLevel: 'M', margin: 4, scale: 6 });
    return {
      VirtualMFADevice: {
        SerialNumber: serial,
        Base32StringSeed: Buffer.from(seed, 'ascii'),
        QRCodePNG: png,
        ...(tags.length ? { Tags: tags } : {}),
      },
    };
  },
});

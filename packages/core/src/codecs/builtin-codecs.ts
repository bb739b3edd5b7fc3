/**
 * Registers the codecs this package implements. Imported once by the package entry, so
 * that `<blob>` works everywhere without set-up.
 */
import { attachCodec } from './attach-codec';
import { blobCodec } from './blob/blob-codec';
import { findCodec, registerCodec } from './codec-registry';
import { hashCodec } from './hash-codec';

for (const codec of [blobCodec, hashCodec, attachCodec]) {
  if (!findCodec(`<${codec.name}>`)) registerCodec(codec);
}

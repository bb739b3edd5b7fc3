/**
 * Registers the codecs this package implements. Imported once by the package entry, so
 * that `<blob>` works everywhere without set-up.
 */
import { attachCodec } from './attach-codec';
import { blobCodec } from './blob/blob-codec';
import { findCodec, registerCodec } from './codec-registry';
import { hashCodec } from './hash-codec';
import { npyCodec } from './npy/npy-codec';
import { filepathCodec } from './object/filepath-codec';
import { objectCodec } from './object/object-codec';

for (const codec of [blobCodec, hashCodec, attachCodec, objectCodec, npyCodec, filepathCodec]) {
  if (!findCodec(`<${codec.name}>`)) registerCodec(codec);
}

/**
 * Registers the codecs this package implements. Imported once by the package entry, so
 * that `<blob>` works everywhere without set-up.
 */
import { blobCodec } from './blob/blob-codec';
import { findCodec, registerCodec } from './codec-registry';

if (!findCodec('<blob>')) registerCodec(blobCodec);

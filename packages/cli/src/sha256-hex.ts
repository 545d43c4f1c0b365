import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

/**
 * SHA-256 in hex, in plain JavaScript, for the SDK's token store key (option `sha256`). The SDK's default
 * loads `node:crypto`, ~3 ms of every CLI start on Node 20 (bench/cli-startup.ts) for one short hash; the same
 * digest either way, so the CLI and an SDK process with default options share the cached token.
 */
export function sha256Hex(text: string): string {
  return bytesToHex(sha256(utf8ToBytes(text)));
}

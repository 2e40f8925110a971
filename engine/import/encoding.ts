/** Text encoding of an import file: BOMs, valid UTF-8, else chardet plus a GBK-family heuristic. */
import { isAscii } from 'node:buffer';
import chardet from 'chardet';
import iconv from 'iconv-lite';
import { EngineError } from '../errors';

/** What detection found: the decoder name and whether a BOM was present (and must be skipped). */
export interface EncodingInfo {
  encoding: string;
  bom: boolean;
}

function isValidUtf8(sample: Buffer): boolean {
  // A sample may end inside a multi-byte character: drop up to 3 trailing continuation bytes.
  let end = sample.length;
  for (let i = 0; i < 3 && end > 0; i++) {
    const b = sample[end - 1];
    if ((b & 0xc0) === 0x80) end--;
    else if (b >= 0xc0) {
      end--;
      break;
    } else break;
  }
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(sample.subarray(0, end));
    return true;
  } catch {
    return false;
  }
}

function cjkShare(text: string): number {
  let cjk = 0;
  let high = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0) ?? 0;
    if (c < 128) continue;
    high++;
    if ((c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3000 && c <= 0x303f) || (c >= 0xff00 && c <= 0xffef)) cjk++;
  }
  return high ? cjk / high : 0;
}

/** Detects the encoding of a file's first bytes; GBK/GB2312 are decoded as their superset gb18030. */
export function detectEncoding(sample: Buffer): EncodingInfo {
  if (sample.length >= 3 && sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return { encoding: 'utf-8', bom: true };
  if (sample.length >= 2 && sample[0] === 0xff && sample[1] === 0xfe) return { encoding: 'utf-16le', bom: true };
  if (sample.length >= 2 && sample[0] === 0xfe && sample[1] === 0xff) return { encoding: 'utf-16be', bom: true };
  if (isValidUtf8(sample)) return { encoding: 'utf-8', bom: false };
  const guesses = chardet.analyse(sample);
  const top = guesses[0]?.name.toLowerCase() ?? '';
  if (/gb|18030|2312/.test(top)) return { encoding: 'gb18030', bom: false };
  // chardet often calls short GBK text Latin-1 or Big5: prefer gb18030 when it decodes to mostly Chinese.
  const asGb = iconv.decode(sample, 'gb18030');
  if (!asGb.includes('\ufffd') && cjkShare(asGb) > 0.6) return { encoding: 'gb18030', bom: false };
  const name = guesses.find((g) => iconv.encodingExists(g.name))?.name.toLowerCase();
  return { encoding: name ?? 'latin1', bom: false };
}

/** Normalises a user-given encoding name (gbk, gb2312 -> gb18030) or throws a user error. */
export function normaliseEncoding(name: string, message: (enc: string) => string): string {
  const n = name.trim().toLowerCase();
  if (n === 'gbk' || n === 'gb2312' || n === 'cp936') return 'gb18030';
  if (n === 'utf8' || n === 'utf-8-bom' || n === 'utf8-bom') return 'utf-8';
  if (!iconv.encodingExists(n)) throw new EngineError('user_error', message(name), { encoding: name });
  return n;
}

/** A streaming decoder: bytes in, text out (native TextDecoder for UTF-8, iconv-lite otherwise). */
export interface TextDecoderStream {
  write(buf: Buffer): string;
  end(): string;
}

/** Creates a streaming decoder for an encoding; skips a leading BOM. */
export function createDecoder(encoding: string): TextDecoderStream {
  if (encoding === 'utf-8') {
    const d = new TextDecoder('utf-8', { ignoreBOM: false });
    // While every chunk so far is plain ASCII (most exports), latin1 gives the same text several times faster; the
    // first other chunk (a BOM, any multi-byte character) hands over to the decoder for good, so no state is lost.
    let ascii = true;
    return {
      write: (b) => {
        if (ascii && isAscii(b)) return b.toString('latin1');
        ascii = false;
        return d.decode(b, { stream: true });
      },
      end: () => (ascii ? '' : d.decode()),
    };
  }
  const d = iconv.getDecoder(encoding, { stripBOM: true });
  return { write: (b) => d.write(b), end: () => d.end() ?? '' };
}

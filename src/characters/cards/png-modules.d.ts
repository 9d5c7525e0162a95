// Types for the small CommonJS PNG helpers SillyTavern also uses (they ship none).
declare module 'png-chunk-text' {
  export function encode(keyword: string, content: string): { name: 'tEXt'; data: Uint8Array };
  export function decode(data: Uint8Array): { keyword: string; text: string };
}

declare module 'png-chunks-encode' {
  export default function encodeChunks(chunks: Array<{ name: string; data: Uint8Array }>): Uint8Array;
}

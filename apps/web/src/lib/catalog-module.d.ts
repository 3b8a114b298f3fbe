/** A part of a message catalogue, precompiled at build time (build/catalog-parts.ts). */
declare module 'virtual:catalog/*' {
  import type { Messages } from '@lingui/core';
  export const messages: Messages;
}

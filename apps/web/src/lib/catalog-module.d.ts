/** A catalogue imported with `?lingui`: compiled by @lingui/vite-plugin at build time. */
declare module '*?lingui' {
  import type { Messages } from '@lingui/core';
  export const messages: Messages;
}

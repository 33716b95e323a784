// A QR code drawn on the kiosk (vendor/qrcode: the encoder): for an address the server gives only as text (an
// activity's check-in address, check-in-board.js). Level M, the same as the server's own codes, with the four-
// module quiet zone scanners need, as an SVG image (a `data:` URL, which the page's policy allows for images).
// The SVG is built here from the modules alone, so nothing of the text becomes markup.

import { qrcode } from '../vendor/qrcode/qrcode.mjs';

const QUIET = 4;

/** The dark modules of `text`'s QR code, as `{ size, dark(row, col) }`. */
export function qrModules(text) {
  // Addresses are ASCII; anything else is percent-encoded first (the encoder's byte mode takes one byte a character).
  const ascii = /^[\x20-\x7e]*$/.test(text) ? text : encodeURI(text);
  const code = qrcode(0, 'M');
  code.addData(ascii, 'Byte');
  code.make();
  return { size: code.getModuleCount(), dark: (r, c) => code.isDark(r, c) };
}

/** `text`'s QR code as a `data:image/svg+xml` URL: black modules on white, one path. */
export function qrImageUrl(text) {
  const { size, dark } = qrModules(text);
  const full = size + QUIET * 2;
  let path = '';
  for (let r = 0; r < size; r += 1) {
    for (let c = 0; c < size; c += 1) {
      if (dark(r, c)) path += `M${c + QUIET} ${r + QUIET}h1v1h-1z`;
    }
  }
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${full} ${full}" shape-rendering="crispEdges">`
    + `<rect width="${full}" height="${full}" fill="#fff"/><path fill="#000" d="${path}"/></svg>`;
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}

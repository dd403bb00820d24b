/** WCAG 2.1 relative luminance and contrast, to keep tenant colours readable. */
function channel(v: number): number {
  const s = v / 255;
  return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
}

export function parseHex(hex: string): [number, number, number] | null {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) return null;
  return [Number.parseInt(m[1]!, 16), Number.parseInt(m[2]!, 16), Number.parseInt(m[3]!, 16)];
}

export function luminance(hex: string): number {
  const rgb = parseHex(hex);
  if (!rgb) throw new RangeError(`not a #rrggbb colour: ${hex}`);
  return 0.2126 * channel(rgb[0]) + 0.7152 * channel(rgb[1]) + 0.0722 * channel(rgb[2]);
}

export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

const toHex = (rgb: number[]) => `#${rgb.map((v) => Math.round(v).toString(16).padStart(2, '0')).join('')}`;

/**
 * The brand colour to use and the text colour on it, with a contrast of at least 4.5:1 (WCAG AA for
 * normal text). A colour too light for white text and too dark for black is darkened until white fits.
 * The brand colour is also used for links on white, so it must reach 4.5:1 against white as well.
 */
export function accessibleBrand(hex: string): { brand: string; contrast: string } {
  let rgb = parseHex(hex) ?? [31, 78, 140];
  for (let i = 0; i < 40; i++) {
    const brand = toHex(rgb);
    if (contrastRatio(brand, '#ffffff') >= 4.5) return { brand, contrast: '#ffffff' };
    rgb = rgb.map((v) => v * 0.92) as [number, number, number];
  }
  return { brand: '#000000', contrast: '#ffffff' };
}

/** SVG drawings of the demo products: one silhouette per subtype, varied by colour, pattern and shape variant. */

/** Draws a product body: `fill` for the main surface, `ink` for outlines and details, `v` a 0-3 shape variant. */
type Draw = (fill: string, ink: string, v: number) => string;

const lens = (cx: number, v: number, fill: string, ink: string): string => {
  switch (v) {
    case 0:
      return `<circle cx="${cx}" cy="128" r="38" fill="${fill}" stroke="${ink}" stroke-width="8"/>`;
    case 1:
      return `<rect x="${cx - 42}" y="94" width="84" height="64" rx="10" fill="${fill}" stroke="${ink}" stroke-width="8"/>`;
    case 2:
      return `<path d="M${cx - 42},100 Q${cx},88 ${cx + 42},100 Q${cx + 40},168 ${cx},166 Q${cx - 44},160 ${cx - 42},100 Z" fill="${fill}" stroke="${ink}" stroke-width="7"/>`;
    default:
      return `<path d="M${cx - 44},112 Q${cx - 10},86 ${cx + 44},96 Q${cx + 36},160 ${cx - 6},158 Q${cx - 42},154 ${cx - 44},112 Z" fill="${fill}" stroke="${ink}" stroke-width="7"/>`;
  }
};

const glasses = (tint: string): Draw => (fill, _ink, v) =>
  `${lens(80, v, tint, fill)}${lens(176, v, tint, fill)}<path d="M118,120 Q128,108 138,120" fill="none" stroke="${fill}" stroke-width="8"/>` +
  `<path d="M36,116 L12,108 M220,116 L244,108" stroke="${fill}" stroke-width="8" stroke-linecap="round"/>`;

const bottle = (fill: string, ink: string, v: number): string =>
  v % 2
    ? `<rect x="92" y="70" width="72" height="160" rx="18" fill="${fill}" stroke="${ink}" stroke-width="4"/><rect x="110" y="30" width="36" height="44" rx="6" fill="${ink}"/><rect x="104" y="120" width="48" height="50" rx="4" fill="#ffffff" opacity="0.7"/>`
    : `<path d="M84,230 L84,110 Q84,80 128,70 Q172,80 172,110 L172,230 Z" fill="${fill}" stroke="${ink}" stroke-width="4"/><rect x="114" y="34" width="28" height="40" rx="4" fill="${ink}"/><circle cx="128" cy="160" r="24" fill="#ffffff" opacity="0.7"/>`;

/** Subtype key -> drawing. */
export const SHAPES: Record<string, Draw> = {
  tshirt: (f, k, v) =>
    `<path d="M80,40 L108,30 Q128,${v % 2 ? 62 : 50} 148,30 L176,40 L222,80 L196,${v > 1 ? 118 : 106} L180,96 L180,222 L76,222 L76,96 L60,${v > 1 ? 118 : 106} L34,80 Z" fill="${f}" stroke="${k}" stroke-width="4" stroke-linejoin="round"/>`,
  hoodie: (f, k, v) =>
    `<path d="M84,46 L104,36 Q128,${v % 2 ? 20 : 10} 152,36 L172,46 L214,90 L226,200 L198,206 L182,110 L182,224 L74,224 L74,110 L58,206 L30,200 L42,90 Z" fill="${f}" stroke="${k}" stroke-width="4" stroke-linejoin="round"/><path d="M104,40 Q128,80 152,40" fill="none" stroke="${k}" stroke-width="4"/><rect x="98" y="160" width="60" height="34" rx="6" fill="none" stroke="${k}" stroke-width="3"/>`,
  dress: (f, k, v) =>
    `<path d="M102,30 L154,30 L150,92 L${v % 2 ? 214 : 196},226 L${v % 2 ? 42 : 60},226 L106,92 Z" fill="${f}" stroke="${k}" stroke-width="4" stroke-linejoin="round"/><path d="M106,92 L150,92" stroke="${k}" stroke-width="${v > 1 ? 8 : 3}"/>`,
  pants: (f, k, v) =>
    `<path d="M78,30 L178,30 L${v % 2 ? 200 : 188},228 L140,228 L128,90 L116,228 L${v % 2 ? 56 : 68},228 Z" fill="${f}" stroke="${k}" stroke-width="4" stroke-linejoin="round"/><path d="M78,46 L178,46" stroke="${k}" stroke-width="3"/>`,
  sunglasses: glasses('#1c1c1c'),
  optical: glasses('#e8f1f7'),
  bluelight: glasses('#d6e4ff'),
  ring: (f, k, v) =>
    `<circle cx="128" cy="146" r="64" fill="none" stroke="${f}" stroke-width="${14 + v * 3}"/>` +
    (v % 2 ? `<path d="M128,52 L150,78 L128,100 L106,78 Z" fill="#e8f4ff" stroke="${k}" stroke-width="3"/>` : `<circle cx="128" cy="80" r="14" fill="#ffffff" stroke="${k}" stroke-width="3"/>`),
  necklace: (f, k, v) =>
    `<path d="M52,40 Q128,${190 + v * 8} 204,40" fill="none" stroke="${f}" stroke-width="6"/>` +
    (v % 2 ? `<circle cx="128" cy="${170 + v * 4}" r="22" fill="${f}" stroke="${k}" stroke-width="3"/>` : `<path d="M128,150 L148,182 L128,214 L108,182 Z" fill="${f}" stroke="${k}" stroke-width="3"/>`),
  earrings: (f, k, v) =>
    [84, 172]
      .map((x) => (v % 2 ? `<circle cx="${x}" cy="130" r="${30 + v * 4}" fill="none" stroke="${f}" stroke-width="8"/>` : `<circle cx="${x}" cy="80" r="8" fill="${k}"/><path d="M${x},88 L${x},140" stroke="${f}" stroke-width="4"/><circle cx="${x}" cy="${160 + v * 6}" r="20" fill="${f}" stroke="${k}" stroke-width="3"/>`))
      .join(''),
  // Try-on extras (engine/demo/tryon-extras.ts): a watch face on with its band running up and down (the case is the
  // widest row), a bangle seen edge-on (widest row = where it crosses the wrist), a hat whose brim is its lowest wide row.
  watch: (f, k, v) =>
    `<rect x="106" y="8" width="44" height="240" rx="${8 + v * 2}" fill="${f}" stroke="${k}" stroke-width="4"/>` +
    `<circle cx="128" cy="128" r="56" fill="${f}" stroke="${k}" stroke-width="6"/><circle cx="128" cy="128" r="42" fill="#f7f4ec" stroke="${k}" stroke-width="3"/>` +
    `<path d="M128,128 L128,98 M128,128 L150,138" stroke="#222222" stroke-width="5" stroke-linecap="round"/>`,
  bracelet: (f, k, v) =>
    `<ellipse cx="128" cy="128" rx="104" ry="${40 + v * 4}" fill="none" stroke="${f}" stroke-width="${16 + v * 2}"/>` +
    `<ellipse cx="128" cy="128" rx="104" ry="${40 + v * 4}" fill="none" stroke="${k}" stroke-width="2"/>` +
    (v % 2 ? `<circle cx="128" cy="${168 + v * 4}" r="12" fill="#e8f4ff" stroke="${k}" stroke-width="3"/>` : ''),
  hat: (f, k, v) =>
    `<path d="M74,176 L82,${96 - v * 4} Q128,${56 - v * 6} 174,${96 - v * 4} L182,176 Z" fill="${f}" stroke="${k}" stroke-width="4" stroke-linejoin="round"/>` +
    `<rect x="76" y="146" width="104" height="16" fill="${k}"/>` +
    `<ellipse cx="128" cy="178" rx="118" ry="${20 + v * 2}" fill="${f}" stroke="${k}" stroke-width="4"/>`,
  lipstick: (f, k, v) =>
    `<rect x="96" y="140" width="64" height="96" rx="6" fill="#2b2b2b"/><rect x="102" y="110" width="52" height="34" fill="#c9a227"/>` +
    `<path d="M108,110 L108,${v % 2 ? 50 : 60} L148,${v % 2 ? 34 : 42} L148,110 Z" fill="${f}" stroke="${k}" stroke-width="2"/>`,
  sunscreen: (f, k, v) => `<path d="M84,40 L172,40 L${v % 2 ? 162 : 156},210 Q128,232 ${v % 2 ? 94 : 100},210 Z" fill="${f}" stroke="${k}" stroke-width="4"/><rect x="104" y="210" width="48" height="24" rx="4" fill="${k}"/><circle cx="128" cy="110" r="26" fill="#ffd54f" opacity="0.9"/>`,
  serum: bottle,
  cream: (f, k, v) => `<rect x="56" y="${110 - v * 6}" width="144" height="${100 + v * 6}" rx="20" fill="${f}" stroke="${k}" stroke-width="4"/><rect x="50" y="${80 - v * 6}" width="156" height="40" rx="10" fill="${k}"/>`,
  case: (f, k, v) =>
    `<rect x="68" y="24" width="120" height="212" rx="22" fill="${f}" stroke="${k}" stroke-width="5"/>` +
    (v % 2 ? `<rect x="84" y="40" width="44" height="44" rx="10" fill="#1b1b1b"/>` : `<rect x="84" y="40" width="40" height="62" rx="12" fill="#1b1b1b"/>`) +
    (v > 1 ? `<circle cx="128" cy="150" r="36" fill="none" stroke="${k}" stroke-width="4"/>` : ''),
  charger: (f, k, v) => `<rect x="72" y="${80 - v * 4}" width="112" height="${120 + v * 8}" rx="18" fill="${f}" stroke="${k}" stroke-width="5"/><rect x="100" y="40" width="12" height="${44 - v * 4}" fill="${k}"/><rect x="144" y="40" width="12" height="${44 - v * 4}" fill="${k}"/><rect x="112" y="150" width="32" height="12" rx="3" fill="${k}"/>`,
  cable: (f, k, v) => `<path d="M40,200 C${60 + v * 10},40 200,220 216,56" fill="none" stroke="${f}" stroke-width="12" stroke-linecap="round"/><rect x="26" y="196" width="28" height="44" rx="6" fill="${k}"/><rect x="202" y="20" width="28" height="44" rx="6" fill="${k}"/>`,
  earbuds: (f, k, v) => `<rect x="60" y="${120 - v * 4}" width="136" height="${96 + v * 4}" rx="44" fill="${f}" stroke="${k}" stroke-width="5"/><path d="M60,160 L196,160" stroke="${k}" stroke-width="3"/><circle cx="100" cy="80" r="22" fill="${f}" stroke="${k}" stroke-width="4"/><circle cx="156" cy="80" r="22" fill="${f}" stroke="${k}" stroke-width="4"/>`,
  mug: (f, k, v) => `<path d="M${60 + v * 4},60 L${180 - v * 4},60 L172,220 L68,220 Z" fill="${f}" stroke="${k}" stroke-width="5"/><path d="M176,90 Q232,100 174,180" fill="none" stroke="${k}" stroke-width="12"/>`,
  cushion: (f, k, v) => `<path d="M40,${50 + v * 4} Q128,${74 + v * 6} 216,50 Q196,128 216,206 Q128,${182 - v * 6} 40,206 Q60,128 40,${50 + v * 4} Z" fill="${f}" stroke="${k}" stroke-width="5"/>`,
  blanket: (f, k, v) => `<rect x="40" y="${70 + v * 4}" width="176" height="${120 - v * 4}" rx="12" fill="${f}" stroke="${k}" stroke-width="5"/><path d="M40,${110 + v * 4} L216,${110 + v * 4} M40,150 L216,150" stroke="${k}" stroke-width="3"/>`,
  lamp: (f, k, v) => `<path d="M${80 - v * 6},40 L${176 + v * 6},40 L200,110 L56,110 Z" fill="${f}" stroke="${k}" stroke-width="5"/><rect x="122" y="110" width="12" height="96" fill="${k}"/><ellipse cx="128" cy="216" rx="56" ry="16" fill="${k}"/>`,
  vase: (f, k, v) => `<path d="M104,30 L152,30 L148,70 Q${200 + v * 10},120 160,226 L96,226 Q${56 - v * 10},120 108,70 Z" fill="${f}" stroke="${k}" stroke-width="5"/>`,
};

import { existsSync } from 'node:fs';
import { ApiError } from '../common/api-error';
import { HttpStatus } from '@nestjs/common';

/**
 * The CJK font the exports draw Chinese with: Debian's fonts-noto-cjk (installed by
 * `npm run setup` for the browser tests, and by docker/Dockerfile in the production image).
 * BRIEFING_FONT_DIR points elsewhere (a folder with NotoSansCJK-Regular.ttc and -Bold.ttc).
 */
export function briefingFonts(): {
  regular: string;
  bold: string;
  family: string;
  regularName: string;
  boldName: string;
} {
  const dir = process.env.BRIEFING_FONT_DIR ?? '/usr/share/fonts/opentype/noto';
  const regular = `${dir}/NotoSansCJK-Regular.ttc`;
  const bold = `${dir}/NotoSansCJK-Bold.ttc`;
  if (!existsSync(regular) || !existsSync(bold)) {
    throw new ApiError(
      HttpStatus.SERVICE_UNAVAILABLE,
      'SERVICE_UNAVAILABLE',
      `the exports need the CJK font (fonts-noto-cjk): ${regular} and ${bold} are missing`,
    );
  }
  // The Simplified Chinese faces of the collections (fontkit's PostScript names; resvg's family).
  return {
    regular,
    bold,
    family: 'Noto Sans CJK SC',
    regularName: 'NotoSansCJKsc-Regular',
    boldName: 'NotoSansCJKsc-Bold',
  };
}

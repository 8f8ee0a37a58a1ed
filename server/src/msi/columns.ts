// The column type word stored in _Columns.Type: what a column holds, how wide its cells are on disk, and its IDT code.

/** Low byte: the declared size (string length limit, or integer byte count). */
export const COLUMN_SIZE_MASK = 0x00ff;
export const COLUMN_VALID = 0x0100;
export const COLUMN_LOCALIZABLE = 0x0200;
export const COLUMN_STRING = 0x0800;
export const COLUMN_NULLABLE = 0x1000;
export const COLUMN_KEY = 0x2000;
export const COLUMN_TEMPORARY = 0x4000;
/** Never set by Windows Installer: a word with it is garbage. */
const COLUMN_UNKNOWN = 0x8000;
/** Exactly these bits (ignoring nullability) mark a binary column, a reference to a stream: strings also have 0x0400. */
const BINARY_SIGNATURE = COLUMN_STRING | COLUMN_VALID;

/** Binary cells are a 2-byte flag whatever the string reference width. */
export const BINARY_CELL_WIDTH = 2;
export const SHORT_INT_WIDTH = 2;
export const LONG_INT_WIDTH = 4;

export type ColumnKind = 'string' | 'i2' | 'i4' | 'binary';

export interface ColumnType {
  type: ColumnKind;
  key: boolean;
  nullable: boolean;
  localizable: boolean;
  temporary: boolean;
  /** The raw word's size byte: max string length (0 = unlimited) or integer bytes; not the on-disk cell width. */
  width: number;
  /** False when the word cannot be a real column type: no valid bit, the unused high bit, or an integer size of 3 or > 4. */
  wellFormed: boolean;
}

export function decodeColumnType(word: number): ColumnType {
  const w = word & 0xffff;
  const size = w & COLUMN_SIZE_MASK;
  // Wine and msitools give integer columns of sizes 3, 5..255 four bytes; we do the same, and flag the word.
  const kind: ColumnKind =
    (w & ~COLUMN_NULLABLE) === BINARY_SIGNATURE ? 'binary' : w & COLUMN_STRING ? 'string' : size <= SHORT_INT_WIDTH ? 'i2' : 'i4';
  const wellFormed = (w & COLUMN_UNKNOWN) === 0 && (w & COLUMN_VALID) !== 0 && (kind !== 'i4' || size === LONG_INT_WIDTH);
  return {
    type: kind,
    key: (w & COLUMN_KEY) !== 0,
    nullable: (w & COLUMN_NULLABLE) !== 0,
    localizable: (w & COLUMN_LOCALIZABLE) !== 0,
    temporary: (w & COLUMN_TEMPORARY) !== 0,
    width: size,
    wellFormed,
  };
}

/** Bytes one cell of this column takes in a table stream, given the string pool's reference width. */
export function cellWidth(kind: ColumnKind, stringRefWidth: number): number {
  switch (kind) {
    case 'binary':
      return BINARY_CELL_WIDTH;
    case 'string':
      return stringRefWidth;
    case 'i2':
      return SHORT_INT_WIDTH;
    case 'i4':
      return LONG_INT_WIDTH;
  }
}

/**
 * The type as `msiinfo export` / MsiDatabaseExport write it on an IDT file's second line: s72, S255, L0, i2, I4, v0...
 * Upper case means nullable; the number is the raw size byte, as those tools print it.
 */
export function idtTypeCode(column: Pick<ColumnType, 'type' | 'nullable' | 'localizable' | 'width'>): string {
  // Same precedence as the exporters: binary before localizable before string.
  const letter = column.type === 'binary' ? 'v' : column.localizable ? 'l' : column.type === 'string' ? 's' : 'i';
  return (column.nullable ? letter.toUpperCase() : letter) + String(column.width);
}

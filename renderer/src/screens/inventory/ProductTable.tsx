/** The product table: TanStack Table for columns and sorting state, TanStack Virtual for rows (smooth at 10k+). */
import { memo, useMemo, useRef, type ReactNode } from 'react';
import { Badge, Box, Text } from '@mantine/core';
import { IconArrowDown, IconArrowUp } from '@tabler/icons-react';
import { flexRender, getCoreRowModel, useReactTable, type Column, type ColumnDef, type OnChangeFn, type Row as TRow, type SortingState } from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useTranslation } from 'react-i18next';
import type { OpResult } from '../../../../engine/api/ops/index';
import { useImageUrl } from '../../api/useImage';
import { useCodeLabel } from '../../codes';
import { productTitle, useFormat } from '../../format';

type Row = OpResult<'products.list'>['rows'][number];
/** Forecast and stock status per SKU (from planning.status), when a plan can be computed. */
export type StockInfo = OpResult<'planning.status'>[number];

const STATUS_COLOR = { stockout: 'red', reorder: 'orange', ok: 'green', overstock: 'grape', unknown: 'gray' } as const;

const ROW_H = 40;
/** A cell's side padding (6px each side) and a pixel of rounding: what a figure needs beyond its own width. */
const CELL_PAD = 14;

let canvas: HTMLCanvasElement | null = null;
/**
 * Width in pixels of a figure in the table's font (13px, tabular figures: every digit as wide as 0); a fair guess where
 * there is no canvas.
 */
function figureWidth(text: string): number {
  const digits = text.replace(/\d/g, '0');
  canvas ??= typeof document === 'undefined' ? null : document.createElement('canvas');
  const ctx = canvas?.getContext('2d');
  if (!ctx) return digits.length * 8;
  ctx.font = `13px ${getComputedStyle(document.body).fontFamily || 'sans-serif'}`;
  return ctx.measureText(digits).width;
}

/**
 * A numeric column's width: its usual one, wider where the largest or smallest figure in the rows needs it (an 8-digit
 * stock count, '10,000,000', was cut to '10,000,0…' in the 76px On hand column). Rows are virtualized, so the
 * column is sized from the data, not from the cells drawn.
 */
function fitFigures<T>(rows: readonly T[], value: (r: T) => number | null | undefined, text: (r: T) => string, size: number): number {
  let lo: T | null = null;
  let hi: T | null = null;
  for (const r of rows) {
    const v = value(r);
    if (v === null || v === undefined || !Number.isFinite(v)) continue;
    if (lo === null || v < (value(lo) as number)) lo = r;
    if (hi === null || v > (value(hi) as number)) hi = r;
  }
  const need = [lo, hi].filter((r): r is T => r !== null).map((r) => Math.ceil(figureWidth(text(r))) + CELL_PAD);
  return Math.max(size, ...need);
}

/** Columns whose values must never be cut ('num': numbers and money, 'fixed': SKU, badge, image) keep their width; text columns share the rest. */
function isFixed(col: Column<Row>): boolean {
  return col.columnDef.meta === 'num' || col.columnDef.meta === 'fixed';
}

/** The flex of a column's cells: fixed columns neither grow nor shrink; text columns grow by their size from their minimum. */
function flexOf(col: Column<Row>): string {
  return isFixed(col) ? `0 0 ${col.getSize()}px` : `${col.getSize()} 1 ${col.columnDef.minSize ?? 80}px`;
}

function Thumb({ id, alt }: { id: number | null; alt: string }): ReactNode {
  const url = useImageUrl(id);
  // A plain box, not an SVG icon, for products without an image: cheap to create while scrolling fast.
  if (!url) return <div className="desk-thumb" aria-hidden />;
  return <img className="desk-thumb" src={url} alt={alt} loading="lazy" decoding="async" />;
}

/** One body row; memoized so rows that stay in view are not rebuilt on every scroll frame. */
// `columns` is passed only so that a language change (new column definitions) re-renders the row.
const BodyRow = memo(function BodyRow({ row, start }: { row: TRow<Row>; start: number; columns: unknown }): ReactNode {
  // Rows are absolutely positioned and moved with a transform: rows that stay in view are neither
  // re-laid out nor repainted while scrolling; only the rows coming into view are drawn.
  return (
    <tr data-testid="product-row" data-sku={row.original.sku} style={{ transform: `translateY(${start}px)` }}>
      {row.getVisibleCells().map((cell) => (
        <td key={cell.id} data-col={cell.column.id} className={cell.column.columnDef.meta === 'num' ? 'num' : undefined} style={{ flex: flexOf(cell.column) }}>
          {flexRender(cell.column.columnDef.cell, cell.getContext())}
        </td>
      ))}
    </tr>
  );
});

/** The virtualized product table; sorting is done by the engine (manualSorting). */
export function ProductTable({ rows, sorting, onSortingChange, stock, filtered = true }: { rows: Row[]; sorting: SortingState; onSortingChange: OnChangeFn<SortingState>; stock?: Map<string, StockInfo>; filtered?: boolean }): ReactNode {
  const { t, i18n } = useTranslation();
  const f = useFormat();
  const label = useCodeLabel();
  // Numeric columns as wide as their widest figure needs, never narrower than they always were. The columns below are
  // rebuilt only when a width changes (their cells remount then), not on every new list of rows.
  const widths = useMemo(() => {
    const stockOf = (r: Row): StockInfo | undefined => stock?.get(r.sku);
    return {
      price: fitFigures(rows, (r) => r.price, (r) => f.price(r.price, r.currency), 92),
      cost: fitFigures(rows, (r) => r.cost, (r) => f.price(r.cost, r.currency), 92),
      onHand: fitFigures(rows, (r) => r.onHand, (r) => f.num(r.onHand), 76),
      forecast28: fitFigures(rows, (r) => stockOf(r)?.forecast28, (r) => f.num(stockOf(r)?.forecast28), 88),
      cover: fitFigures(rows, (r) => stockOf(r)?.daysOfCover, (r) => f.cover(stockOf(r)?.daysOfCover), 76),
      units28: fitFigures(rows, (r) => r.units28, (r) => f.num(r.units28), 80),
    };
  }, [rows, stock, f]);
  // Sorting happens in the engine (manualSorting); a sortable column still needs an accessor for TanStack to offer it.
  const columns = useMemo<ColumnDef<Row>[]>(
    () => [
      { id: 'image', header: () => <span className="sr-only">{t('products.col.image')}</span>, size: 48, meta: 'fixed', enableSorting: false, cell: (c) => <Thumb id={c.row.original.imageId} alt={c.row.original.sku} /> },
      { id: 'sku', accessorFn: (r) => r.sku, header: t('products.col.sku'), size: 110, minSize: 88, cell: (c) => c.row.original.sku },
      {
        id: 'title',
        accessorFn: (r) => r.titleEn ?? r.titleZh ?? r.sku,
        header: t('products.col.title'),
        size: 300,
        minSize: 120,
        // A long title is cut with an ellipsis: the whole of it is on hover.
        cell: (c) => {
          const title = productTitle(i18n.language, c.row.original.titleZh, c.row.original.titleEn, c.row.original.sku);
          return <span title={title}>{title}</span>;
        },
      },
      ...(stock
        ? ([
            {
              id: 'stockStatus',
              header: t('products.col.stockStatus'),
              size: 124,
              meta: 'fixed',
              enableSorting: false,
              cell: (c) => {
                const s = stock.get(c.row.original.sku);
                return s ? (
                  <Badge size="sm" variant="light" color={STATUS_COLOR[s.status]} data-testid="stock-badge" styles={{ root: { overflow: 'visible', maxWidth: 'none' }, label: { overflow: 'visible' } }}>
                    {t(`planning.status.${s.status}`)}
                  </Badge>
                ) : null;
              },
            },
          ] satisfies ColumnDef<Row>[])
        : []),
      { id: 'category', accessorFn: (r) => r.category, header: t('products.col.category'), size: 120, minSize: 72, cell: (c) => label('category', c.row.original.category) },
      {
        id: 'supplier',
        accessorFn: (r) => r.supplier,
        header: t('products.col.supplier'),
        size: 130,
        minSize: 72,
        cell: (c) => {
          // The name in the reader's language ('广州白云服饰' of a bilingual name); the whole of it on hover.
          const r = c.row.original;
          return r.supplier === null ? '—' : <span title={r.supplier} data-testid="supplier-cell">{r.supplierShown ?? r.supplier}</span>;
        },
      },
      { id: 'price', accessorFn: (r) => r.price, header: t('products.col.price'), size: widths.price, meta: 'num', cell: (c) => f.price(c.row.original.price, c.row.original.currency) },
      { id: 'cost', accessorFn: (r) => r.cost, header: t('products.col.cost'), size: widths.cost, meta: 'num', cell: (c) => f.price(c.row.original.cost, c.row.original.currency) },
      { id: 'onHand', accessorFn: (r) => r.onHand, header: t('products.col.onHand'), size: widths.onHand, meta: 'num', cell: (c) => f.num(c.row.original.onHand) },
      ...(stock
        ? ([
            { id: 'forecast28', header: t('products.col.forecast28'), size: widths.forecast28, meta: 'num', enableSorting: false, cell: (c) => f.num(stock.get(c.row.original.sku)?.forecast28) },
            { id: 'cover', header: t('products.col.daysOfCover'), size: widths.cover, meta: 'num', enableSorting: false, cell: (c) => <span data-testid="cover-cell">{f.cover(stock.get(c.row.original.sku)?.daysOfCover)}</span> },
          ] satisfies ColumnDef<Row>[])
        : []),
      { id: 'units28', accessorFn: (r) => r.units28, header: t('products.col.units28'), size: widths.units28, meta: 'num', cell: (c) => f.num(c.row.original.units28) },
    ],
    // The widths by value, not the object rebuilt with every list of rows.
    [t, i18n.language, f, stock, label, widths.price, widths.cost, widths.onHand, widths.forecast28, widths.cover, widths.units28],
  );
  const table = useReactTable({ data: rows, columns, getRowId: (r) => String(r.id), state: { sorting }, onSortingChange, manualSorting: true, enableSortingRemoval: false, getCoreRowModel: getCoreRowModel() });
  const parent = useRef<HTMLDivElement>(null);
  const model = table.getRowModel().rows;
  const virtual = useVirtualizer({ count: model.length, getScrollElement: () => parent.current, estimateSize: () => ROW_H, overscan: 8, useFlushSync: false });
  const items = virtual.getVirtualItems();
  // Narrower than every column's minimum: the table scrolls sideways rather than cut a value.
  const minWidth = table.getVisibleLeafColumns().reduce((w, c) => w + (isFixed(c) ? c.getSize() : (c.columnDef.minSize ?? 80)), 0);
  if (!rows.length) {
    return (
      <Text size="sm" c="dimmed" p="md" data-testid="products-empty">
        {/* No filter and still nothing: the store has no products yet, and no filter to clear. */}
        {t(filtered ? 'products.none' : 'products.noneYet')}
      </Text>
    );
  }
  return (
    <Box ref={parent} style={{ flex: 1, minHeight: 200, overflow: 'auto' }} data-testid="products-scroll" tabIndex={0} aria-label={t('nav.inventory')}>
      <table className="desk-vtable desk-vgrid" data-testid="products-table" style={{ minWidth }}>
        <thead>
          {table.getHeaderGroups().map((hg) => (
            <tr key={hg.id}>
              {hg.headers.map((h) => {
                const sorted = h.column.getIsSorted();
                const num = h.column.columnDef.meta === 'num';
                return (
                  <th key={h.id} className={num ? 'num' : undefined} style={{ flex: flexOf(h.column) }} aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : undefined}>
                    {h.column.getCanSort() ? (
                      <button type="button" onClick={h.column.getToggleSortingHandler()} data-testid={`sort-${h.id}`}>
                        {flexRender(h.column.columnDef.header, h.getContext())}
                        {sorted === 'asc' && <IconArrowUp size={12} aria-hidden />}
                        {sorted === 'desc' && <IconArrowDown size={12} aria-hidden />}
                      </button>
                    ) : (
                      flexRender(h.column.columnDef.header, h.getContext())
                    )}
                  </th>
                );
              })}
            </tr>
          ))}
        </thead>
        <tbody style={{ height: virtual.getTotalSize() }}>
          {items.map((vi) => {
            const row = model[vi.index];
            return <BodyRow key={row.id} row={row} start={vi.start} columns={columns} />;
          })}
        </tbody>
      </table>
    </Box>
  );
}

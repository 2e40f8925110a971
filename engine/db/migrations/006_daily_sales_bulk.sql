-- Bulk loads recompute daily sales set-based; the per-row triggers cover every other way order lines change.
--
-- While daily_sales_bulk holds its one row the triggers below stand aside. Only the orders import writes that
-- row, inside its own write transaction, and deletes it again before committing after it has recomputed the
-- daily_sales rows of every day it touched in one statement (engine/import/daily-sales-recompute.ts). Other
-- connections never see the row, and a crash rolls it back with the rest of the import.
CREATE TABLE daily_sales_bulk (
  id  INTEGER PRIMARY KEY CHECK (id = 1)
) STRICT;

-- The three order_lines triggers of 001 with the WHEN clause. Where a line lands on a row a daily-sales import wrote
-- (source 'import'), 001 added the line to the imported figure; now the row becomes the sum of that day's lines,
-- as the bulk recompute makes it (the sums run only in that rare case).
DROP TRIGGER order_lines_ai;
DROP TRIGGER order_lines_ad;
DROP TRIGGER order_lines_au;

CREATE TRIGGER order_lines_ai AFTER INSERT ON order_lines WHEN NOT EXISTS (SELECT 1 FROM daily_sales_bulk) BEGIN
  INSERT INTO daily_sales (product_id, date, units, revenue, order_count, source)
  VALUES (NEW.product_id, (SELECT substr(ordered_at, 1, 10) FROM orders WHERE id = NEW.order_id),
          NEW.quantity, NEW.quantity * NEW.unit_price - NEW.discount, 1, 'orders')
  ON CONFLICT (product_id, date) DO UPDATE SET
    units = CASE WHEN source = 'orders' THEN units + excluded.units ELSE (SELECT sum(l.quantity) FROM order_lines l JOIN orders o ON o.id = l.order_id
                  WHERE l.product_id = excluded.product_id AND substr(o.ordered_at, 1, 10) = excluded.date) END,
    revenue = CASE WHEN source = 'orders' THEN revenue + excluded.revenue ELSE (SELECT sum(l.quantity * l.unit_price - l.discount) FROM order_lines l JOIN orders o ON o.id = l.order_id
                  WHERE l.product_id = excluded.product_id AND substr(o.ordered_at, 1, 10) = excluded.date) END,
    order_count = CASE WHEN source = 'orders' THEN order_count + excluded.order_count ELSE (SELECT count(*) FROM order_lines l JOIN orders o ON o.id = l.order_id
                  WHERE l.product_id = excluded.product_id AND substr(o.ordered_at, 1, 10) = excluded.date) END,
    source = 'orders';
END;

CREATE TRIGGER order_lines_ad AFTER DELETE ON order_lines WHEN NOT EXISTS (SELECT 1 FROM daily_sales_bulk) BEGIN
  UPDATE daily_sales SET
    units = units - OLD.quantity,
    revenue = revenue - (OLD.quantity * OLD.unit_price - OLD.discount),
    order_count = order_count - 1
  WHERE product_id = OLD.product_id
    AND date = (SELECT substr(ordered_at, 1, 10) FROM orders WHERE id = OLD.order_id);
END;

-- 001 left out order_id: a line moved to another order moves its sales too.
CREATE TRIGGER order_lines_au AFTER UPDATE OF quantity, unit_price, discount, product_id, order_id ON order_lines
WHEN NOT EXISTS (SELECT 1 FROM daily_sales_bulk) BEGIN
  UPDATE daily_sales SET
    units = units - OLD.quantity,
    revenue = revenue - (OLD.quantity * OLD.unit_price - OLD.discount),
    order_count = order_count - 1
  WHERE product_id = OLD.product_id
    AND date = (SELECT substr(ordered_at, 1, 10) FROM orders WHERE id = OLD.order_id);
  INSERT INTO daily_sales (product_id, date, units, revenue, order_count, source)
  VALUES (NEW.product_id, (SELECT substr(ordered_at, 1, 10) FROM orders WHERE id = NEW.order_id),
          NEW.quantity, NEW.quantity * NEW.unit_price - NEW.discount, 1, 'orders')
  ON CONFLICT (product_id, date) DO UPDATE SET
    units = CASE WHEN source = 'orders' THEN units + excluded.units ELSE (SELECT sum(l.quantity) FROM order_lines l JOIN orders o ON o.id = l.order_id
                  WHERE l.product_id = excluded.product_id AND substr(o.ordered_at, 1, 10) = excluded.date) END,
    revenue = CASE WHEN source = 'orders' THEN revenue + excluded.revenue ELSE (SELECT sum(l.quantity * l.unit_price - l.discount) FROM order_lines l JOIN orders o ON o.id = l.order_id
                  WHERE l.product_id = excluded.product_id AND substr(o.ordered_at, 1, 10) = excluded.date) END,
    order_count = CASE WHEN source = 'orders' THEN order_count + excluded.order_count ELSE (SELECT count(*) FROM order_lines l JOIN orders o ON o.id = l.order_id
                  WHERE l.product_id = excluded.product_id AND substr(o.ordered_at, 1, 10) = excluded.date) END,
    source = 'orders';
END;

-- 001 had no trigger on orders: deleting an order (its lines go by cascade, after the order row, so their delete
-- trigger no longer finds the date) or changing its date left daily_sales stale.
CREATE TRIGGER orders_bd BEFORE DELETE ON orders WHEN NOT EXISTS (SELECT 1 FROM daily_sales_bulk) BEGIN
  UPDATE daily_sales SET units = units - x.q, revenue = revenue - x.r, order_count = order_count - x.n
  FROM (SELECT product_id, sum(quantity) AS q, sum(quantity * unit_price - discount) AS r, count(*) AS n
        FROM order_lines WHERE order_id = OLD.id GROUP BY product_id) AS x
  WHERE daily_sales.product_id = x.product_id AND daily_sales.date = substr(OLD.ordered_at, 1, 10);
END;

CREATE TRIGGER orders_au AFTER UPDATE OF ordered_at ON orders
WHEN substr(OLD.ordered_at, 1, 10) IS NOT substr(NEW.ordered_at, 1, 10) AND NOT EXISTS (SELECT 1 FROM daily_sales_bulk) BEGIN
  UPDATE daily_sales SET units = units - x.q, revenue = revenue - x.r, order_count = order_count - x.n
  FROM (SELECT product_id, sum(quantity) AS q, sum(quantity * unit_price - discount) AS r, count(*) AS n
        FROM order_lines WHERE order_id = NEW.id GROUP BY product_id) AS x
  WHERE daily_sales.product_id = x.product_id AND daily_sales.date = substr(OLD.ordered_at, 1, 10);
  INSERT INTO daily_sales (product_id, date, units, revenue, order_count, source)
  SELECT product_id, substr(NEW.ordered_at, 1, 10), sum(quantity), sum(quantity * unit_price - discount), count(*), 'orders'
  FROM order_lines WHERE order_id = NEW.id GROUP BY product_id
  ON CONFLICT (product_id, date) DO UPDATE SET
    units = CASE WHEN source = 'orders' THEN units + excluded.units ELSE (SELECT sum(l.quantity) FROM order_lines l JOIN orders o ON o.id = l.order_id
                  WHERE l.product_id = excluded.product_id AND substr(o.ordered_at, 1, 10) = excluded.date) END,
    revenue = CASE WHEN source = 'orders' THEN revenue + excluded.revenue ELSE (SELECT sum(l.quantity * l.unit_price - l.discount) FROM order_lines l JOIN orders o ON o.id = l.order_id
                  WHERE l.product_id = excluded.product_id AND substr(o.ordered_at, 1, 10) = excluded.date) END,
    order_count = CASE WHEN source = 'orders' THEN order_count + excluded.order_count ELSE (SELECT count(*) FROM order_lines l JOIN orders o ON o.id = l.order_id
                  WHERE l.product_id = excluded.product_id AND substr(o.ordered_at, 1, 10) = excluded.date) END,
    source = 'orders';
END;

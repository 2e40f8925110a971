-- Schema v16: cancelled and unpaid orders are no sales (engine/import/order-status.ts).
--
-- Their lines stay in the store but add nothing to daily_sales. The triggers of 006 are made again with that rule,
-- one more keeps daily_sales right when an order's status changes, and stores that already hold such orders
-- (however their files spelled the status) get the stored spelling and daily sales without them.

UPDATE orders SET status = 'cancelled'
WHERE lower(replace(replace(replace(trim(status), ' ', ''), '_', ''), '-', '')) IN
  ('canceled', 'cancelled', 'cancel', 'void', 'voided', 'wccancelled', '交易关闭', '已关闭', '订单关闭', '已取消', '取消', '订单取消', '交易取消')
  AND status <> 'cancelled';
UPDATE orders SET status = 'unpaid'
WHERE lower(replace(replace(replace(trim(status), ' ', ''), '_', ''), '-', '')) IN
  ('unpaid', 'failed', 'wcfailed', 'pendingpayment', 'awaitingpayment', '未付款', '未支付', '待付款', '待支付', '等待买家付款')
  AND status <> 'unpaid';

-- The daily figures of the days such orders fall on, without them (rows a daily-sales import wrote are left alone).
UPDATE daily_sales SET units = units - x.q, revenue = revenue - x.r, order_count = order_count - x.n
FROM (SELECT l.product_id, substr(o.ordered_at, 1, 10) AS d, sum(l.quantity) AS q, sum(l.quantity * l.unit_price - l.discount) AS r, count(*) AS n
      FROM orders o JOIN order_lines l ON l.order_id = o.id
      WHERE o.status IN ('cancelled', 'unpaid')
      GROUP BY l.product_id, substr(o.ordered_at, 1, 10)) AS x
WHERE daily_sales.product_id = x.product_id AND daily_sales.date = x.d AND daily_sales.source = 'orders';

DROP TRIGGER order_lines_ai;
DROP TRIGGER order_lines_ad;
DROP TRIGGER order_lines_au;
DROP TRIGGER orders_bd;
DROP TRIGGER orders_au;

-- As in 006, where a line lands on a row a daily-sales import wrote, the row becomes the sum of that day's lines (of
-- orders that are sales).
CREATE TRIGGER order_lines_ai AFTER INSERT ON order_lines
WHEN NOT EXISTS (SELECT 1 FROM daily_sales_bulk) AND (SELECT status FROM orders WHERE id = NEW.order_id) NOT IN ('cancelled', 'unpaid') BEGIN
  INSERT INTO daily_sales (product_id, date, units, revenue, order_count, source)
  VALUES (NEW.product_id, (SELECT substr(ordered_at, 1, 10) FROM orders WHERE id = NEW.order_id),
          NEW.quantity, NEW.quantity * NEW.unit_price - NEW.discount, 1, 'orders')
  ON CONFLICT (product_id, date) DO UPDATE SET
    units = CASE WHEN source = 'orders' THEN units + excluded.units ELSE (SELECT sum(l.quantity) FROM order_lines l JOIN orders o ON o.id = l.order_id
                  WHERE l.product_id = excluded.product_id AND substr(o.ordered_at, 1, 10) = excluded.date AND o.status NOT IN ('cancelled', 'unpaid')) END,
    revenue = CASE WHEN source = 'orders' THEN revenue + excluded.revenue ELSE (SELECT sum(l.quantity * l.unit_price - l.discount) FROM order_lines l JOIN orders o ON o.id = l.order_id
                  WHERE l.product_id = excluded.product_id AND substr(o.ordered_at, 1, 10) = excluded.date AND o.status NOT IN ('cancelled', 'unpaid')) END,
    order_count = CASE WHEN source = 'orders' THEN order_count + excluded.order_count ELSE (SELECT count(*) FROM order_lines l JOIN orders o ON o.id = l.order_id
                  WHERE l.product_id = excluded.product_id AND substr(o.ordered_at, 1, 10) = excluded.date AND o.status NOT IN ('cancelled', 'unpaid')) END,
    source = 'orders';
END;

CREATE TRIGGER order_lines_ad AFTER DELETE ON order_lines
WHEN NOT EXISTS (SELECT 1 FROM daily_sales_bulk) AND (SELECT status FROM orders WHERE id = OLD.order_id) NOT IN ('cancelled', 'unpaid') BEGIN
  UPDATE daily_sales SET
    units = units - OLD.quantity,
    revenue = revenue - (OLD.quantity * OLD.unit_price - OLD.discount),
    order_count = order_count - 1
  WHERE product_id = OLD.product_id
    AND date = (SELECT substr(ordered_at, 1, 10) FROM orders WHERE id = OLD.order_id);
END;

-- The old side counts only if its order was a sale, the new side only if its order is one.
CREATE TRIGGER order_lines_au AFTER UPDATE OF quantity, unit_price, discount, product_id, order_id ON order_lines
WHEN NOT EXISTS (SELECT 1 FROM daily_sales_bulk) BEGIN
  UPDATE daily_sales SET
    units = units - OLD.quantity,
    revenue = revenue - (OLD.quantity * OLD.unit_price - OLD.discount),
    order_count = order_count - 1
  WHERE product_id = OLD.product_id
    AND date = (SELECT substr(ordered_at, 1, 10) FROM orders WHERE id = OLD.order_id)
    AND (SELECT status FROM orders WHERE id = OLD.order_id) NOT IN ('cancelled', 'unpaid');
  INSERT INTO daily_sales (product_id, date, units, revenue, order_count, source)
  SELECT NEW.product_id, substr(o.ordered_at, 1, 10), NEW.quantity, NEW.quantity * NEW.unit_price - NEW.discount, 1, 'orders'
  FROM orders o WHERE o.id = NEW.order_id AND o.status NOT IN ('cancelled', 'unpaid')
  ON CONFLICT (product_id, date) DO UPDATE SET
    units = CASE WHEN source = 'orders' THEN units + excluded.units ELSE (SELECT sum(l.quantity) FROM order_lines l JOIN orders o ON o.id = l.order_id
                  WHERE l.product_id = excluded.product_id AND substr(o.ordered_at, 1, 10) = excluded.date AND o.status NOT IN ('cancelled', 'unpaid')) END,
    revenue = CASE WHEN source = 'orders' THEN revenue + excluded.revenue ELSE (SELECT sum(l.quantity * l.unit_price - l.discount) FROM order_lines l JOIN orders o ON o.id = l.order_id
                  WHERE l.product_id = excluded.product_id AND substr(o.ordered_at, 1, 10) = excluded.date AND o.status NOT IN ('cancelled', 'unpaid')) END,
    order_count = CASE WHEN source = 'orders' THEN order_count + excluded.order_count ELSE (SELECT count(*) FROM order_lines l JOIN orders o ON o.id = l.order_id
                  WHERE l.product_id = excluded.product_id AND substr(o.ordered_at, 1, 10) = excluded.date AND o.status NOT IN ('cancelled', 'unpaid')) END,
    source = 'orders';
END;

CREATE TRIGGER orders_bd BEFORE DELETE ON orders
WHEN NOT EXISTS (SELECT 1 FROM daily_sales_bulk) AND OLD.status NOT IN ('cancelled', 'unpaid') BEGIN
  UPDATE daily_sales SET units = units - x.q, revenue = revenue - x.r, order_count = order_count - x.n
  FROM (SELECT product_id, sum(quantity) AS q, sum(quantity * unit_price - discount) AS r, count(*) AS n
        FROM order_lines WHERE order_id = OLD.id GROUP BY product_id) AS x
  WHERE daily_sales.product_id = x.product_id AND daily_sales.date = substr(OLD.ordered_at, 1, 10);
END;

-- A new date moves a sale's figures; an order that is no sale on either side has none to move (a status change in
-- the same statement is orders_status_au's).
CREATE TRIGGER orders_au AFTER UPDATE OF ordered_at ON orders
WHEN substr(OLD.ordered_at, 1, 10) IS NOT substr(NEW.ordered_at, 1, 10) AND NOT EXISTS (SELECT 1 FROM daily_sales_bulk)
  AND OLD.status NOT IN ('cancelled', 'unpaid') AND NEW.status NOT IN ('cancelled', 'unpaid') BEGIN
  UPDATE daily_sales SET units = units - x.q, revenue = revenue - x.r, order_count = order_count - x.n
  FROM (SELECT product_id, sum(quantity) AS q, sum(quantity * unit_price - discount) AS r, count(*) AS n
        FROM order_lines WHERE order_id = NEW.id GROUP BY product_id) AS x
  WHERE daily_sales.product_id = x.product_id AND daily_sales.date = substr(OLD.ordered_at, 1, 10);
  INSERT INTO daily_sales (product_id, date, units, revenue, order_count, source)
  SELECT product_id, substr(NEW.ordered_at, 1, 10), sum(quantity), sum(quantity * unit_price - discount), count(*), 'orders'
  FROM order_lines WHERE order_id = NEW.id GROUP BY product_id
  ON CONFLICT (product_id, date) DO UPDATE SET
    units = CASE WHEN source = 'orders' THEN units + excluded.units ELSE (SELECT sum(l.quantity) FROM order_lines l JOIN orders o ON o.id = l.order_id
                  WHERE l.product_id = excluded.product_id AND substr(o.ordered_at, 1, 10) = excluded.date AND o.status NOT IN ('cancelled', 'unpaid')) END,
    revenue = CASE WHEN source = 'orders' THEN revenue + excluded.revenue ELSE (SELECT sum(l.quantity * l.unit_price - l.discount) FROM order_lines l JOIN orders o ON o.id = l.order_id
                  WHERE l.product_id = excluded.product_id AND substr(o.ordered_at, 1, 10) = excluded.date AND o.status NOT IN ('cancelled', 'unpaid')) END,
    order_count = CASE WHEN source = 'orders' THEN order_count + excluded.order_count ELSE (SELECT count(*) FROM order_lines l JOIN orders o ON o.id = l.order_id
                  WHERE l.product_id = excluded.product_id AND substr(o.ordered_at, 1, 10) = excluded.date AND o.status NOT IN ('cancelled', 'unpaid')) END,
    source = 'orders';
END;

-- An order cancelled (or left unpaid) takes its figures off its old day; one that becomes a sale adds them on its new day.
CREATE TRIGGER orders_status_au AFTER UPDATE OF status ON orders
WHEN NOT EXISTS (SELECT 1 FROM daily_sales_bulk)
  AND (OLD.status IN ('cancelled', 'unpaid')) IS NOT (NEW.status IN ('cancelled', 'unpaid')) BEGIN
  UPDATE daily_sales SET units = units - x.q, revenue = revenue - x.r, order_count = order_count - x.n
  FROM (SELECT product_id, sum(quantity) AS q, sum(quantity * unit_price - discount) AS r, count(*) AS n
        FROM order_lines WHERE order_id = NEW.id GROUP BY product_id) AS x
  WHERE NEW.status IN ('cancelled', 'unpaid')
    AND daily_sales.product_id = x.product_id AND daily_sales.date = substr(OLD.ordered_at, 1, 10);
  INSERT INTO daily_sales (product_id, date, units, revenue, order_count, source)
  SELECT product_id, substr(NEW.ordered_at, 1, 10), sum(quantity), sum(quantity * unit_price - discount), count(*), 'orders'
  FROM order_lines WHERE order_id = NEW.id AND OLD.status IN ('cancelled', 'unpaid') GROUP BY product_id
  ON CONFLICT (product_id, date) DO UPDATE SET
    units = CASE WHEN source = 'orders' THEN units + excluded.units ELSE (SELECT sum(l.quantity) FROM order_lines l JOIN orders o ON o.id = l.order_id
                  WHERE l.product_id = excluded.product_id AND substr(o.ordered_at, 1, 10) = excluded.date AND o.status NOT IN ('cancelled', 'unpaid')) END,
    revenue = CASE WHEN source = 'orders' THEN revenue + excluded.revenue ELSE (SELECT sum(l.quantity * l.unit_price - l.discount) FROM order_lines l JOIN orders o ON o.id = l.order_id
                  WHERE l.product_id = excluded.product_id AND substr(o.ordered_at, 1, 10) = excluded.date AND o.status NOT IN ('cancelled', 'unpaid')) END,
    order_count = CASE WHEN source = 'orders' THEN order_count + excluded.order_count ELSE (SELECT count(*) FROM order_lines l JOIN orders o ON o.id = l.order_id
                  WHERE l.product_id = excluded.product_id AND substr(o.ordered_at, 1, 10) = excluded.date AND o.status NOT IN ('cancelled', 'unpaid')) END,
    source = 'orders';
END;

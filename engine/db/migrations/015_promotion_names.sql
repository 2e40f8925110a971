-- Schema v15: a promotion's name in each language the app shows, as products have title_zh / title_en. NULL where a
-- store has only the one name it was given (`name`), which the app then shows in both languages.
ALTER TABLE promotions ADD COLUMN name_zh TEXT;
ALTER TABLE promotions ADD COLUMN name_en TEXT;

-- Customer-service chats: per-message analysis, dialogue state per conversation, knowledge-base channel variants,
-- and when suggested replies were used (for the before/after response-time analytics).

-- The order number a message row carried in an import (generic CSV/JSON column); slots found in text live in message_analysis.
ALTER TABLE messages ADD COLUMN order_ref TEXT;

-- The intent a KB article answers (a default intent code or a merchant's own), used to rank suggestions.
ALTER TABLE kb_articles ADD COLUMN intent TEXT;

CREATE TABLE message_analysis (
  message_id   INTEGER PRIMARY KEY REFERENCES messages(id) ON DELETE CASCADE,
  lang         TEXT NOT NULL CHECK (lang IN ('zh', 'en', 'unsupported', 'empty')),
  polarity     TEXT CHECK (polarity IS NULL OR polarity IN ('negative', 'neutral', 'positive')),
  positive     REAL,
  emotion      TEXT,
  intent       TEXT,
  intent_conf  REAL,
  slots        TEXT NOT NULL DEFAULT '{}',  -- JSON: slots found in this message
  analysed_at  TEXT NOT NULL
) STRICT;

CREATE TABLE dialogue_state (
  conversation_id  INTEGER PRIMARY KEY REFERENCES conversations(id) ON DELETE CASCADE,
  intent           TEXT,
  emotion          TEXT,
  lang             TEXT,
  slots            TEXT NOT NULL DEFAULT '{}',  -- JSON: slot -> { value, seq } carried across turns
  missing          TEXT NOT NULL DEFAULT '[]',  -- JSON: slots the intent still needs
  waiting_since    TEXT,                        -- last customer message not yet answered
  updated_at       TEXT NOT NULL
) STRICT;

CREATE TABLE kb_variants (
  article_id  INTEGER NOT NULL REFERENCES kb_articles(id) ON DELETE CASCADE,
  lang        TEXT NOT NULL CHECK (lang IN ('zh', 'en')),
  channel     TEXT NOT NULL,                    -- marketplace, wechat, email, whatsapp, ...
  body        TEXT NOT NULL,
  PRIMARY KEY (article_id, lang, channel)
) STRICT, WITHOUT ROWID;

CREATE TABLE suggestion_uses (
  id               INTEGER PRIMARY KEY,
  conversation_id  INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
  article_slug     TEXT NOT NULL,
  edited           INTEGER NOT NULL DEFAULT 0 CHECK (edited IN (0, 1)),
  used_at          TEXT NOT NULL
) STRICT;
CREATE INDEX suggestion_uses_conversation ON suggestion_uses(conversation_id);
